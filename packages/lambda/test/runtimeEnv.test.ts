import { describe, expect, it } from "vitest";
import { runtimeEnvironment } from "../src/engine/runtimeEnv.js";
import type { LambdaFunctionConfig } from "../src/index.js";

const options = { region: "us-east-1", edgeUrl: "http://127.0.0.1:4566", logStreamName: "s", taskRoot: "/task", runtimeDir: "/runtime" };
const config = (runtime: string) => ({ functionName: "f", handler: "index.handler", runtime, memorySizeMb: 128, environment: {} }) as unknown as LambdaFunctionConfig;

describe("runtimeEnvironment", () => {
  it("silences the AWS SDK's old-Node warning only when this Node.js is older than the runtime's", () => {
    // A runtime far ahead of any Node.js this runs on, and one behind it.
    expect(runtimeEnvironment(config("nodejs99.x"), options).AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe("true");
    expect(runtimeEnvironment(config("nodejs18.x"), options).AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
    expect(runtimeEnvironment(config("python3.12"), options).AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
  });
});

describe("runtimeEnvironment's X-Ray daemon address", () => {
  it("points X-Ray SDKs at the sandbox's daemon as Lambda does (host:port, and each apart)", () => {
    const env = runtimeEnvironment(config("nodejs20.x"), { ...options, xrayDaemonAddress: "127.0.0.1:2000" });
    expect([env.AWS_XRAY_DAEMON_ADDRESS, env._AWS_XRAY_DAEMON_ADDRESS, env._AWS_XRAY_DAEMON_PORT]).toEqual(["127.0.0.1:2000", "127.0.0.1", "2000"]);
  });

  it("sets none when no daemon listens", () => {
    expect(runtimeEnvironment(config("nodejs20.x"), options).AWS_XRAY_DAEMON_ADDRESS).toBeUndefined();
  });
});

describe("runtimeEnvironment's AWS_EXECUTION_ENV", () => {
  it("names a managed runtime and is not defined for the provided family (Defined runtime environment variables)", () => {
    expect(runtimeEnvironment(config("python3.12"), options).AWS_EXECUTION_ENV).toBe("AWS_Lambda_python3.12");
    expect(runtimeEnvironment(config("nodejs20.x"), options).AWS_EXECUTION_ENV).toBe("AWS_Lambda_nodejs20.x");
    expect(runtimeEnvironment(config("provided.al2023"), options)).not.toHaveProperty("AWS_EXECUTION_ENV");
    expect(runtimeEnvironment(config("provided"), options)).not.toHaveProperty("AWS_EXECUTION_ENV");
  });
});

describe("runtimeEnvironment's search paths", () => {
  it("ends PATH with each layer's bin and lists the task root, its lib and each layer's lib in LD_LIBRARY_PATH, as Lambda's /opt/bin and /var/task:/var/task/lib:/opt/lib", () => {
    const fn = { ...config("provided.al2023"), layerDirs: ["/layers/a", "/layers/b"] } as LambdaFunctionConfig;
    const env = runtimeEnvironment(fn, options);
    expect(env.PATH.split(":").slice(-2)).toEqual(["/layers/a/bin", "/layers/b/bin"]);
    expect(env.LD_LIBRARY_PATH.split(":").slice(-4)).toEqual(["/task", "/task/lib", "/layers/a/lib", "/layers/b/lib"]);
  });

  it("leaves the function's own PATH and LD_LIBRARY_PATH alone", () => {
    const fn = { ...config("provided.al2023"), layerDirs: ["/layers/a"], environment: { PATH: "/mine", LD_LIBRARY_PATH: "/my/lib" } } as LambdaFunctionConfig;
    expect(runtimeEnvironment(fn, options)).toMatchObject({ PATH: "/mine", LD_LIBRARY_PATH: "/my/lib" });
  });
});
