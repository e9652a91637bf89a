// The pure core runs in browsers and in Node alike; both provide these, but the core's tsconfig has no DOM lib.
declare const crypto: { randomUUID(): string };
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
