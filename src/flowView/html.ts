// The check-flow webview's HTML shell: local script and style only, under a nonce-based CSP.
import { randomBytes } from 'node:crypto';

export interface ShellUris {
  readonly script: string;
  readonly style: string;
  readonly cspSource: string;
}

export function flowHtml(uris: ShellUris, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${uris.cspSource}; img-src ${uris.cspSource}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uris.style}">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${uris.script}"></script>
</body>
</html>`;
}
