/**
 * Prints the "Backstage" seed as the `film.added` event a producer would send (for the README and for curl).
 * Usage: npx ts-node --transpile-only -r tsconfig-paths/register scripts/print-example-event.ts [now as ISO 8601]
 */
import { backstageExampleEvent } from '@marquee/demo-catalogue';

const now = process.argv[2] ? new Date(process.argv[2]) : new Date();
if (Number.isNaN(now.getTime())) {
  console.error(`not a date: ${process.argv[2]}`);
  process.exit(2);
}
console.log(JSON.stringify(backstageExampleEvent(now), null, 2));
