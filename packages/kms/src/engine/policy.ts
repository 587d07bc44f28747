/**
 * The key policy CreateKey gives a key without one ("Default key policy", Developer Guide),
 * written as KMS returns it from GetKeyPolicy: Jackson's pretty printer (" : " between name and
 * value, arrays opened on the same line), as the AWS CLI's get-key-policy example prints it.
 */
export function defaultPolicy(partition: string, accountId: string): string {
  return [
    "{",
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${accountId}:root"`,
    "    },",
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    "  } ]",
    "}",
  ].join("\n");
}
