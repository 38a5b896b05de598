import { readFileSync, readdirSync } from 'node:fs';
const f = readdirSync('/tmp/prof')[0];
const prof = JSON.parse(readFileSync('/tmp/prof/' + f));
const self = new Map();
const byId = new Map(prof.nodes.map(n => [n.id, n]));
const dt = prof.timeDeltas; const samples = prof.samples;
const counts = new Map();
for (let i = 0; i < samples.length; i++) counts.set(samples[i], (counts.get(samples[i]) ?? 0) + (dt[i] ?? 0));
// self time by function+file
for (const [id, t] of counts) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-3).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + t); }
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
for (const [k, t] of top) console.log((t / 1000).toFixed(0).padStart(6), 'ms', k);
// self time by file
const files = new Map();
for (const [id, t] of counts) { const n = byId.get(id); const k = n.callFrame.url.split('node_modules/').pop().split('/').slice(0,2).join('/'); files.set(k, (files.get(k) ?? 0) + t); }
console.log('--- by package'); for (const [k, t] of [...files].sort((a,b)=>b[1]-a[1]).slice(0,12)) console.log((t/1000).toFixed(0).padStart(6),'ms',k);
