// Entry named by package.json's test:electron script: loads run.ts through tsx (as `node --import tsx` would).
import 'tsx';

await import('./run.ts');
