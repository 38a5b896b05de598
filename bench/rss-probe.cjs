// Preloaded (NODE_OPTIONS=--require) into the node processes of a measured command: on exit each
// writes its own peak RSS (RUSAGE_SELF, so terraform children are not counted) and argv.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
  process.on('exit', () => {
    const record = { pid: process.pid, argv: process.argv, maxRssKb: process.resourceUsage().maxRSS };
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(record));
  });
}
