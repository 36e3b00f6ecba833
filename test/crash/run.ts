// `npm run test:crash`: the full form, 20 SIGKILLs under load.
import { runCrashTest } from "./crash-harness";

const rounds = Number(process.argv[2] ?? 20);
const results = await runCrashTest({ rounds, log: (line) => console.log(line) });
const lost = results.reduce((n, r) => n + r.lost, 0);
const acknowledged = results.reduce((n, r) => n + r.acknowledged, 0);
const corrupt = results.filter((r) => r.integrity !== "ok").length;
console.log(`${rounds} kills, ${acknowledged} acknowledged saves, ${lost} lost, ${corrupt} failed integrity checks`);
console.log(`${lost === 0 && corrupt === 0 ? rounds : 0} passed, ${lost === 0 && corrupt === 0 ? 0 : rounds} failed`);
process.exit(lost === 0 && corrupt === 0 ? 0 : 1);
