// The settings page's HTML shell with its Content Security Policy. Pure, so the panel and the
// browser harness serve the very same document: scripts run only with the nonce, styles and fonts
// come only from the webview's own resource origin, nothing else loads (the page uses no data: URIs,
// so none are allowed).
export interface PageHtmlOptions {
  /** `webview.cspSource` in VS Code; the harness's origin in tests. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Base64 from `crypto.randomBytes(16)`, fresh for every document. */
  nonce: string;
  /** BCP 47 tag of the UI language, e.g. `en` or `zh-cn`. */
  lang: string;
  title: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderPageHtml(o: PageHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>${escapeText(o.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
