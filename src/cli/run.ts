import { parseArgs, type ParseArgsConfig } from "node:util";

// Command-line entry points are run by people: whatever goes wrong ends as one line on stderr and an
// exit code (2 for a wrong command line, 1 otherwise), never a stack trace.

type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** A wrong command line: the message and the usage are printed, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** node's parseArgs, except that `--help` prints the usage and exits 0 and a wrong option exits 2. */
export function cliArgs<const T extends ParseArgsConfig>(usage: string, config: T, argv: string[] = process.argv.slice(2)): Parsed<T> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args: argv }) as Parsed<T>;
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
}

/** Runs `main`, turning an error into a message and an exit code. */
export async function runMain(usage: string, main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (err) {
    const usageError = err instanceof UsageError;
    console.error(`error: ${(err as Error).message}${usageError ? `\n${usage}` : ""}`);
    process.exitCode = usageError ? 2 : 1;
  }
}

/** `cliArgs` then `runMain`: the whole of a command's entry point. */
export async function runCli<const T extends ParseArgsConfig>(
  usage: string,
  config: T,
  main: (args: Parsed<T>) => Promise<void> | void,
): Promise<void> {
  const args = cliArgs(usage, config);
  await runMain(usage, () => main(args));
}
