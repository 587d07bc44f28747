import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Jimp } from "jimp";
import { UnsupportedImageError } from "./errors.js";

/** What StartPipelineFunction gives the state machine, and each branch gives its function. */
export interface Upload {
  bucket: string;
  key: string;
  size: number;
  eTag?: string;
}

export type Image = Awaited<ReturnType<typeof Jimp.read>>;

/** The formats the pipeline reads and writes, by the MIME type Jimp detects. */
export const FORMATS = { "image/png": "png", "image/jpeg": "jpeg" } as const;
export type MimeType = keyof typeof FORMATS;

// No endpoint here: on AWS the client finds S3 itself; in the sandbox it reads AWS_ENDPOINT_URL.
export const s3 = new S3Client({});

export interface Original {
  image: Image;
  mime: MimeType;
  bytes: Uint8Array;
}

/** Reads the upload and decodes it; anything but a readable PNG or JPEG is an UnsupportedImageError. */
export async function readOriginal(upload: Upload): Promise<Original> {
  const object = await s3.send(new GetObjectCommand({ Bucket: upload.bucket, Key: upload.key }));
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  let image: Image;
  try {
    image = await Jimp.read(Buffer.from(bytes));
  } catch (error) {
    throw new UnsupportedImageError(`s3://${upload.bucket}/${upload.key} is not a readable PNG or JPEG image (${error instanceof Error ? error.message : String(error)})`);
  }
  const mime = image.mime;
  if (mime !== "image/png" && mime !== "image/jpeg") {
    throw new UnsupportedImageError(`s3://${upload.bucket}/${upload.key} is ${mime ?? "of an unknown type"}; only PNG and JPEG are processed`);
  }
  return { image, mime, bytes };
}

export interface EncodeOptions {
  /** JPEG quality, 1 to 100. */
  quality?: number;
  /** zlib's compression level for PNG, 0 to 9. */
  deflateLevel?: number;
  /** PNG: write RGB without the alpha channel (for an image with no transparent pixel). */
  dropAlpha?: boolean;
}

// PNG colour types (PNG specification, IHDR): 2 = truecolour, 6 = truecolour with alpha.
const PNG_TRUECOLOR = 2;
const PNG_TRUECOLOR_ALPHA = 6;

/** Encodes an image in the given format. */
export function encode(image: Image, mime: MimeType, options: EncodeOptions = {}): Promise<Buffer> {
  if (mime === "image/jpeg") return image.getBuffer("image/jpeg", { quality: options.quality ?? 85 });
  return image.getBuffer("image/png", { deflateLevel: options.deflateLevel ?? 6, colorType: options.dropAlpha ? PNG_TRUECOLOR : PNG_TRUECOLOR_ALPHA });
}

/** The bucket every result goes to (ResultsBucket in the template). */
export function resultsBucket(): string {
  const bucket = process.env.RESULTS_BUCKET;
  if (!bucket) throw new Error("RESULTS_BUCKET is not set");
  return bucket;
}

export async function putResult(key: string, body: Uint8Array, mime: MimeType): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: resultsBucket(), Key: key, Body: body, ContentType: mime }));
}
