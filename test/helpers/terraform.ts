// Terraform with the hashicorp/aws provider, run as a user runs it against the sandbox's edge
// (AWS_ENDPOINT_URL), for tests. Terraform cannot download providers here, so it installs the AWS
// provider from a filesystem mirror: $SANDBOX_TF_PLUGINS, else /opt/tf-plugins or
// ~/.terraform.d/plugins. Where terraform or the mirror is missing, `hasTerraform` is false and the
// tests skip with `terraformSkipReason`.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/** The folder holding registry.terraform.io/hashicorp/aws, or undefined. */
const mirror = [process.env.SANDBOX_TF_PLUGINS, "/opt/tf-plugins", join(homedir(), ".terraform.d", "plugins")]
  .filter((dir): dir is string => dir !== undefined && dir !== "")
  .find((dir) => existsSync(join(dir, "registry.terraform.io", "hashicorp", "aws")));

const terraformVersion = (() => {
  try {
    return execFileSync("terraform", ["version"], { encoding: "utf8", timeout: 20_000, env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).split("\n")[0];
  } catch {
    return undefined;
  }
})();

/** Whether terraform runs here and the AWS provider can be installed from a mirror. */
export const hasTerraform = terraformVersion !== undefined && mirror !== undefined;

/** Why the Terraform tests are skipped, for the skip message. */
export const terraformSkipReason =
  terraformVersion === undefined
    ? "terraform is not installed"
    : `no hashicorp/aws provider mirror (set SANDBOX_TF_PLUGINS to a folder holding registry.terraform.io/hashicorp/aws)`;

/** The provider block a user writes for the sandbox: dummy keys, path-style S3, no EC2 metadata lookups. */
export const PROVIDER = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_metadata_api_check     = true
}
`;

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A Terraform working directory in a temp folder, pointed at one sandbox edge. `write` sets its
 * configuration (the provider block is added), the other methods run terraform commands.
 */
export class TerraformDir {
  readonly dir = mkdtempSync(join(tmpdir(), "sandbox-terraform-"));
  private readonly env: NodeJS.ProcessEnv;

  constructor(endpoint: string) {
    const rc = join(this.dir, "terraformrc");
    writeFileSync(
      rc,
      `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror ?? "")}
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
`,
    );
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: rc,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      AWS_ENDPOINT_URL: endpoint,
      // For what the provider block does not configure (an S3 backend), as a user's shell has them.
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    };
  }

  /**
   * Writes main.tf: the provider block and `config` (`config` alone with `{ provider: false }`, when
   * it has a provider block of its own); other files (a function's zip, say) go in `dir`.
   */
  write(config: string, { provider = true }: { provider?: boolean } = {}): void {
    writeFileSync(join(this.dir, "main.tf"), provider ? `${PROVIDER}\n${config}` : config);
  }

  /** Runs `terraform <args>` in the directory; resolves with its exit code and output, whatever the code. */
  run(...args: string[]): Promise<TerraformResult> {
    return new Promise((resolve) => {
      execFile(
        "terraform",
        args,
        { cwd: this.dir, env: this.env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** `terraform <args>`, rejecting with the output when it fails. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`terraform ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  init(): Promise<string> {
    return this.ok("init", "-input=false", "-no-color");
  }

  apply(...extra: string[]): Promise<string> {
    return this.ok("apply", "-auto-approve", "-input=false", "-no-color", ...extra);
  }

  destroy(): Promise<string> {
    return this.ok("destroy", "-auto-approve", "-input=false", "-no-color");
  }

  /**
   * `terraform plan -detailed-exitcode` after an apply: "" when Terraform finds the infrastructure
   * matching the configuration (exit 0), else the plan's text naming what it would change (exit 2),
   * so `expect(await tf.drift()).toBe("")` shows the drift when it fails.
   */
  async drift(): Promise<string> {
    const result = await this.run("plan", "-detailed-exitcode", "-input=false", "-no-color");
    if (result.code === 0) return "";
    if (result.code === 2) return result.stdout;
    throw new Error(`terraform plan exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }

  /** `terraform output -json`, as name → value. */
  async outputs(): Promise<Record<string, unknown>> {
    const parsed = JSON.parse(await this.ok("output", "-json")) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
  }

  /** Removes the directory. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
