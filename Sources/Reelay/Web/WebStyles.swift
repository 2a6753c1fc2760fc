/// The style sheet both pages share (`/web/reelay.css`): colours (light and dark), the header,
/// cards, form controls, buttons and badges. System fonts only: nothing is fetched.
enum WebStyles {
    static let base = #"""
        :root {
          --bg: #f4f5f8; --card: #ffffff; --text: #1b1e27; --muted: #5c6475; --line: #d9dde6;
          --field: #ffffff; --track: #e4e7ee; --accent: #3b5bdb; --accent-text: #ffffff;
          --good: #2b8a3e; --bad: #c92a2a; --warn: #b36b00; --code: #eef0f5;
          --get: #2b8a3e; --post: #3b5bdb; --delete: #c92a2a;
          color-scheme: light dark;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #12141a; --card: #1b1e27; --text: #e6e8ee; --muted: #9aa3b5; --line: #323848;
            --field: #151820; --track: #2a2f3c; --accent: #6b8cff; --accent-text: #0b0d12;
            --good: #51cf66; --bad: #ff6b6b; --warn: #fcc419; --code: #242937;
            --get: #51cf66; --post: #6b8cff; --delete: #ff6b6b;
          }
        }
        *, *::before, *::after { box-sizing: border-box; }
        [hidden] { display: none !important; }
        html { -webkit-text-size-adjust: 100%; }
        body {
          margin: 0; background: var(--bg); color: var(--text);
          font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          overflow-wrap: break-word;
        }
        a { color: var(--accent); }
        code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
        code { background: var(--code); border-radius: 4px; padding: 1px 5px; overflow-wrap: anywhere; }
        pre { background: var(--code); border-radius: 8px; padding: 10px 12px; overflow: auto; margin: 8px 0; }
        pre code { background: none; padding: 0; }
        h1, h2, h3 { line-height: 1.25; }
        h2 { font-size: 1.1rem; margin: 0 0 12px; }

        .top {
          display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap;
          padding: 10px 16px; background: var(--card); border-bottom: 1px solid var(--line);
          position: sticky; top: 0; z-index: 10;
        }
        .brand { display: inline-flex; align-items: center; gap: 8px; font-weight: 700; font-size: 1.1rem; color: var(--text); text-decoration: none; }
        .brand-tag { font-weight: 400; color: var(--muted); font-size: 0.95rem; }
        .logo {
          width: 22px; height: 22px; border-radius: 6px; background: var(--accent); position: relative; flex: 0 0 auto;
        }
        .logo::after {
          content: ""; position: absolute; left: 8px; top: 6px;
          border-left: 8px solid var(--accent-text); border-top: 5px solid transparent; border-bottom: 5px solid transparent;
        }
        .top-links { display: flex; gap: 14px; flex-wrap: wrap; }
        .top-links a { text-decoration: none; font-weight: 500; }
        @media (max-width: 480px) {
          .top { flex-wrap: nowrap; padding: 8px 12px; }
          .brand-tag { display: none; }
          .top-links { gap: 12px; flex-wrap: nowrap; white-space: nowrap; }
        }

        .card { background: var(--card); border: 1px solid var(--line); border-radius: 14px; padding: 16px; min-width: 0; }

        label { font-weight: 600; font-size: 0.92rem; }
        input, select, textarea, button, .button { font: inherit; }
        input[type="text"], input[type="password"], input[type="number"], input[type="search"], select, textarea {
          width: 100%; min-width: 0; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px;
          background: var(--field); color: var(--text);
        }
        textarea { resize: vertical; min-height: 90px; }
        input:focus, select:focus, textarea:focus, button:focus-visible, .button:focus-within { outline: 2px solid var(--accent); outline-offset: 1px; }
        input[readonly] { color: var(--muted); }
        input[type="checkbox"] { width: 16px; height: 16px; accent-color: var(--accent); margin: 0; }
        button, .button {
          display: inline-flex; align-items: center; justify-content: center; gap: 6px;
          padding: 8px 14px; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent);
          color: var(--accent-text); font-weight: 600; cursor: pointer; white-space: nowrap; position: relative;
        }
        button:disabled { opacity: 0.55; cursor: not-allowed; }
        button.ghost, .button.ghost { background: transparent; color: var(--accent); }
        button.link { background: none; border: 0; padding: 0; color: var(--accent); font-weight: 500; }
        button.primary { padding: 10px 22px; font-size: 1rem; }
        .small { padding: 4px 10px; font-size: 0.88rem; }
        .visually-hidden {
          position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
          clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
        }

        .hint { color: var(--muted); font-size: 0.88rem; margin: 4px 0 8px; }
        .error {
          color: var(--bad); background: color-mix(in srgb, var(--bad) 10%, transparent);
          border: 1px solid color-mix(in srgb, var(--bad) 40%, transparent); border-radius: 8px; padding: 8px 10px;
          margin: 10px 0 0; overflow-wrap: anywhere;
        }
        .badge {
          display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: 0.8rem; font-weight: 700;
          background: var(--track); color: var(--text); white-space: nowrap;
        }
        .status-queued { background: color-mix(in srgb, var(--muted) 22%, transparent); }
        .status-running { background: color-mix(in srgb, var(--accent) 22%, transparent); color: var(--accent); }
        .status-succeeded { background: color-mix(in srgb, var(--good) 20%, transparent); color: var(--good); }
        .status-failed, .status-cancelled, .status-expired { background: color-mix(in srgb, var(--bad) 18%, transparent); color: var(--bad); }
        """#
}
