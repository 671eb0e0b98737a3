// The package ships JavaScript only; this is the one function samlify calls.
declare module '@authenio/samlify-xmllint-wasm' {
  export function validate(xml: string): Promise<boolean>;
}
