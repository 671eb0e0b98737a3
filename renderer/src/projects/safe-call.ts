import type { IpcError, IpcResult } from '../../../preload/contract.ts';

const noAnswer: IpcError = {
  code: 'INTERNAL',
  message: 'The app did not answer. Your work is kept in the draft; reload the window and try again.',
};

/** An IPC call that never throws: a broken bridge becomes an error value too. */
export async function call<T>(run: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await run();
  } catch {
    return { ok: false, error: noAnswer };
  }
}
