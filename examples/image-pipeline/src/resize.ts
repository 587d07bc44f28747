import { encode, putResult, readOriginal, type Upload } from "./lib/image.js";

/** The thumbnail widths; an image no wider than one of them gets no thumbnail of that width. */
export const THUMBNAIL_WIDTHS = [64, 128, 256] as const;

export interface Thumbnail {
  width: number;
  height: number;
  key: string;
  size: number;
}

/**
 * Resize: one thumbnail per width in THUMBNAIL_WIDTHS, the height keeping the aspect ratio,
 * written to the results bucket as thumbnails/<width>/<key> in the original's format.
 */
export const handler = async (upload: Upload): Promise<{ thumbnails: Thumbnail[] }> => {
  const original = await readOriginal(upload);
  const thumbnails: Thumbnail[] = [];
  for (const width of THUMBNAIL_WIDTHS) {
    if (width >= original.image.width) continue;
    // resize() scales in place, the height following the width.
    const thumbnail = original.image.clone();
    thumbnail.resize({ w: width });
    const body = await encode(thumbnail, original.mime);
    const key = `thumbnails/${width}/${upload.key}`;
    await putResult(key, body, original.mime);
    thumbnails.push({ width: thumbnail.width, height: thumbnail.height, key, size: body.length });
  }
  console.log(`${upload.key}: ${thumbnails.map((t) => `${t.width}×${t.height}`).join(", ") || "no thumbnail (the image is small already)"}`);
  return { thumbnails };
};
