/**
 * Finding the longest session a role allows. STS only says "above the role's MaxSessionDuration"
 * (no number) and the role's setting cannot be read with SAML credentials, so the app asks: first
 * for what it wants, and when STS refuses, a binary search over whole hours below it (IAM's maximum
 * is 1 to 12 hours and nearly always set in hours). From 12 h that takes at most 4 more calls; a role
 * allowed 8 h gets 8 h, not the 1 h a fixed 12 h → 1 h → 15 min ladder gave it.
 * STS accepts an assertion again within its lifetime, so a shorter session issued on the way up is
 * simply dropped for a longer one. The caller remembers what was found, for next time.
 */
export interface DurationSearch<T> {
  /** What to ask for first (the IdP's SessionDuration and IT's maximum applied). */
  wanted: number;
  /** The role's maximum found at an earlier sign-in, if any. */
  known?: number | undefined;
  /** One AssumeRoleWithSAML call with that DurationSeconds. */
  attempt: (seconds: number) => Promise<T>;
  /** Whether an error is STS refusing the duration (and only that). */
  isRefusal: (error: unknown) => boolean;
}

export interface DurationFound<T> {
  result: T;
  seconds: number;
  /** Set when a refusal taught something: the longest accepted, to remember for the role. */
  learnedMaximum?: number;
  attempts: number[];
}

const hour = 3600;
const minSeconds = 900;
const maxSeconds = 43_200;

/** Durations the search may try below a refused one: whole hours, and 15 minutes as the last resort. */
export function candidatesBelow(refused: number): number[] {
  const hours: number[] = [];
  for (let seconds = hour; seconds < refused; seconds += hour) hours.push(seconds);
  return hours.length ? hours : refused > minSeconds ? [minSeconds] : [];
}

export async function findSessionDuration<T>(search: DurationSearch<T>): Promise<DurationFound<T>> {
  const attempts: number[] = [];
  const attempt = (seconds: number) => {
    attempts.push(seconds);
    return search.attempt(seconds);
  };
  const wanted = Math.min(maxSeconds, Math.max(minSeconds, search.wanted));
  const first = search.known !== undefined ? Math.min(wanted, search.known) : wanted;
  let refusal: unknown;
  try {
    return { result: await attempt(first), seconds: first, attempts };
  } catch (error) {
    if (!search.isRefusal(error)) throw error;
    refusal = error;
  }

  const candidates = candidatesBelow(first);
  let best: { result: T; seconds: number } | null = null;
  // The lowest whole hour is IAM's smallest maximum, assumed to work until the end proves otherwise.
  let low = 0;
  let high = candidates.length - 1;
  try {
    while (low < high) {
      const middle = low + Math.ceil((high - low) / 2);
      const seconds = candidates[middle] as number;
      try {
        best = { result: await attempt(seconds), seconds };
        low = middle;
      } catch (error) {
        if (!search.isRefusal(error)) throw error;
        refusal = error;
        high = middle - 1;
      }
    }
    const lowest = candidates[low];
    if (lowest !== undefined && best?.seconds !== lowest) {
      try {
        best = { result: await attempt(lowest), seconds: lowest };
      } catch (error) {
        if (!search.isRefusal(error)) throw error;
        refusal = error;
        // Even an hour refused: something other than the role caps it; 15 minutes is STS's floor.
        if (lowest > minSeconds) best = { result: await attempt(minSeconds), seconds: minSeconds };
      }
    }
  } catch (error) {
    // A failure after a success (the network dropped) still leaves a usable session.
    if (best) return { ...best, attempts };
    throw error;
  }
  if (!best) throw refusal;
  return { ...best, learnedMaximum: best.seconds, attempts };
}
