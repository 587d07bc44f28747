import { encode, putResult, readOriginal, type Upload } from "./lib/image.js";

/** JPEG quality of the optimized copy (the thumbnails use 85). */
export const JPEG_QUALITY = 70;
/** zlib's highest compression for PNG. */
export const PNG_DEFLATE_LEVEL = 9;

export interface Optimized {
  key: string;
  size: number;
  originalSize: number;
  /** Bytes saved, in percent of the original; 0 when re-encoding would not make it smaller. */
  savedPercent: number;
}

/**
 * Optimize: re-encodes the image at full size (JPEG at quality 70; PNG at deflate level 9,
 * without the alpha channel when no pixel is transparent) and writes it to optimized/<key>;
 * when that is not smaller, the original is copied unchanged.
 */
export const handler = async (upload: Upload): Promise<Optimized> => {
  const original = await readOriginal(upload);
  const reencoded = await encode(original.image, original.mime, {
    quality: JPEG_QUALITY,
    deflateLevel: PNG_DEFLATE_LEVEL,
    dropAlpha: !original.image.hasAlpha(),
  });
  const body = reencoded.length < original.bytes.length ? reencoded : original.bytes;
  const key = `optimized/${upload.key}`;
  await putResult(key, body, original.mime);
  const savedPercent = Math.round((1 - body.length / original.bytes.length) * 1000) / 10;
  console.log(`${upload.key}: ${original.bytes.length} → ${body.length} bytes (${savedPercent} % saved)`);
  return { key, size: body.length, originalSize: original.bytes.length, savedPercent };
};
