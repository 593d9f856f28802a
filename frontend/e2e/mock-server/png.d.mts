/** Types of png.mjs for the TypeScript specs that make test pictures with it. */
export function noisePng(width: number, height: number, seed: number): Buffer;
