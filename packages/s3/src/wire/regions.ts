/** Region names as S3 accepts them in a LocationConstraint ("eu-west-1", "us-gov-west-1", "EU"). */
export function isRegionName(value: string): boolean {
  return value === "EU" || /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}
