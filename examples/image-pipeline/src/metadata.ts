import { FORMATS, readOriginal, type Upload } from "./lib/image.js";

export interface ImageMetadata {
  source: { bucket: string; key: string };
  width: number;
  height: number;
  format: "png" | "jpeg";
  mimeType: string;
  /** Bytes of the upload. */
  size: number;
  orientation: "landscape" | "portrait" | "square";
}

/**
 * ExtractMetadata: the image's dimensions, format and size. The state machine itself writes
 * them to the results bucket (SaveMetadata, an aws-sdk:s3:putObject task).
 */
export const handler = async (upload: Upload): Promise<ImageMetadata> => {
  const { image, mime, bytes } = await readOriginal(upload);
  const { width, height } = image;
  const metadata: ImageMetadata = {
    source: { bucket: upload.bucket, key: upload.key },
    width,
    height,
    format: FORMATS[mime],
    mimeType: mime,
    size: bytes.length,
    orientation: width > height ? "landscape" : width < height ? "portrait" : "square",
  };
  console.log(`${upload.key}: ${width}×${height} ${metadata.format}, ${metadata.size} bytes`);
  return metadata;
};
