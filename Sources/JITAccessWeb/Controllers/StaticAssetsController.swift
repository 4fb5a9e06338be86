import Hummingbird

/// The style sheet and the small optional script, served from memory.
///
/// The pages work without the script; it only shows times in the browser's own time zone.
struct StaticAssetsController {
    static let styleSheet = """
        :root {
          --bg: #f5f7fb; --surface: #fff; --text: #1c2434; --muted: #5b6477; --line: #dfe4ee;
          --accent: #1a5fd0; --accent-dark: #124aa6; --accent-soft: #e8f0fd;
          --ok: #137333; --ok-soft: #e6f4ea; --warn: #8a5300; --warn-soft: #fef3e0;
          --bad: #b3261e; --bad-soft: #fdecea; --radius: 10px;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--text); background: var(--bg); line-height: 1.5;
        }
        * { box-sizing: border-box; }
        body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
        main { width: 100%; max-width: 1040px; margin: 0 auto; padding: 2rem 1.25rem 3rem; flex: 1; }
        h1 { font-size: 1.75rem; margin: 0 0 .5rem; line-height: 1.25; }
        a { color: var(--accent); }
        a:hover { color: var(--accent-dark); }
        code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
        code { background: #eef1f6; padding: .1em .35em; border-radius: 4px; overflow-wrap: anywhere; }
        :focus-visible { outline: 3px solid #7aa7f0; outline-offset: 2px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .top { background: #13203a; color: #fff; }
        .top-inner { max-width: 1040px; margin: 0 auto; padding: .75rem 1.25rem; display: flex; align-items: center; gap: 1rem; flex-wrap: wrap; }
        .brand { color: #fff; text-decoration: none; font-weight: 700; font-size: 1.15rem; letter-spacing: .01em; display: inline-flex; align-items: center; }
        .brand:hover { color: #dce6fb; }
        .logo { display: inline-grid; place-items: center; width: 1.6rem; height: 1.6rem; margin-right: .5rem; border-radius: 6px; background: linear-gradient(135deg, #4f8ef7, #1a5fd0); font-size: .95rem; }
        .badge.demo { background: #ffd666; color: #3d2c00; border-radius: 999px; padding: .1rem .6rem; font-size: .8rem; font-weight: 600; }
        .signout { margin-left: auto; display: flex; align-items: center; gap: .75rem; }
        .signout .user { color: #c9d4ea; font-size: .95rem; }
        .signout .user strong { color: #fff; font-weight: 600; }
        footer { color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
        .lead { color: var(--muted); margin: 0 0 1.5rem; max-width: 46rem; }
        .card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.75rem; box-shadow: 0 1px 2px rgba(16,24,40,.04); }
        .card.narrow { max-width: 40rem; margin: 0 auto; }
        .crumbs { margin-bottom: 1rem; font-size: .95rem; color: var(--muted); }
        .crumbs a { text-decoration: none; }
        button, .button {
          font: inherit; font-weight: 600; border: 1px solid var(--accent); background: var(--accent); color: #fff;
          padding: .6rem 1.2rem; border-radius: 8px; cursor: pointer; text-decoration: none; display: inline-block; white-space: nowrap;
        }
        button:hover, .button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #fff; }
        button.secondary, .button.secondary { background: transparent; color: var(--accent); }
        button.secondary:hover, .button.secondary:hover { background: var(--accent-soft); color: var(--accent-dark); }
        .top button.secondary { color: #fff; border-color: rgba(255,255,255,.5); }
        .top button.secondary:hover { background: rgba(255,255,255,.12); color: #fff; }
        button.small { padding: .3rem .8rem; font-size: .9rem; }
        input[type=text], input[type=number], input[type=email] {
          font: inherit; padding: .55rem .7rem; border: 1px solid #c4cbd8; border-radius: 8px; width: 100%; background: #fff; color: var(--text);
        }
        input:focus { border-color: var(--accent); }
        input[type=checkbox] { width: 1.15rem; height: 1.15rem; accent-color: var(--accent); }
        label { font-weight: 600; display: block; margin-bottom: .3rem; }
        .hint { color: var(--muted); font-size: .875rem; margin: .3rem 0 0; }
        .error { background: var(--bad-soft); color: var(--bad); border: 1px solid #f3c5c1; border-left: 4px solid var(--bad); padding: .75rem 1rem; border-radius: 8px; margin: 0 0 1.25rem; }
        .warning { background: var(--warn-soft); color: var(--warn); border: 1px solid #f4dcb0; border-left: 4px solid var(--warn); padding: .75rem 1rem; border-radius: 8px; margin: 0 0 1.25rem; }
        .empty { color: var(--muted); background: var(--surface); border: 1px dashed var(--line); border-radius: var(--radius); padding: 1.25rem; }
        fieldset { border: 0; padding: 0; margin: 1.5rem 0; }
        legend { font-weight: 600; margin-bottom: .6rem; }
        .users { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .75rem; }
        .user-choice { display: flex; align-items: center; gap: .75rem; background: var(--surface); color: var(--text); border: 1px solid var(--line); text-align: left; padding: .75rem 1rem; }
        .user-choice:hover { background: var(--accent-soft); border-color: var(--accent); color: var(--text); }
        .avatar { width: 2.25rem; height: 2.25rem; border-radius: 50%; background: var(--accent); color: #fff; display: grid; place-items: center; font-weight: 700; flex: none; }
        .who { display: flex; flex-direction: column; }
        .who .address { color: var(--muted); font-weight: 400; font-size: .9rem; }
        .other-user { border-top: 1px solid var(--line); padding-top: 1.25rem; }
        .inline { display: flex; gap: .5rem; }
        .projects { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem; }
        a.project { display: block; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; font-weight: 600; text-decoration: none; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        a.project::after { content: " →"; color: var(--muted); }
        a.project:hover { border-color: var(--accent); background: var(--accent-soft); }
        .table-wrap { overflow-x: auto; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .75rem 1rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #fafbfd; }
        tbody tr:last-child td { border-bottom: 0; }
        tbody tr:hover { background: #fafcff; }
        td.select { width: 2.5rem; }
        td.role label { margin: 0; cursor: pointer; }
        td.role { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .95rem; font-weight: 600; }
        td.role label { font-weight: 600; }
        td.condition { max-width: 22rem; }
        .none { color: var(--muted); }
        .pill { display: inline-block; border-radius: 999px; padding: .05rem .6rem; font-size: .85rem; font-weight: 600; white-space: nowrap; }
        .pill.jit { background: var(--accent-soft); color: var(--accent-dark); }
        .pill.mpa { background: var(--warn-soft); color: var(--warn); }
        .pill.none { background: #eef1f6; color: var(--muted); }
        .note { color: var(--muted); font-size: .85rem; margin-top: .3rem; max-width: 16rem; }
        tr[data-status=ACTIVE] td.status { color: var(--ok); font-weight: 600; }
        tr[data-status=ACTIVE] td.status::before { content: "● "; }
        .fields { display: flex; gap: 1rem; margin: 1.5rem 0 1.25rem; flex-wrap: wrap; }
        .field { min-width: 11rem; }
        .field.grow { flex: 1; min-width: 18rem; }
        .success { border-left: 4px solid var(--ok); }
        .success h1 { color: var(--ok); }
        .activations { list-style: none; padding: 0; margin: 1rem 0; }
        .activated { background: var(--ok-soft); border-radius: 8px; padding: .75rem 1rem; margin-bottom: .5rem; display: flex; gap: .75rem; flex-wrap: wrap; align-items: baseline; }
        .activated .role { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
        .activated .until { color: var(--ok); margin-left: auto; }
        .justification { color: var(--muted); overflow-wrap: anywhere; }
        h2 { font-size: 1.15rem; margin: 1.75rem 0 .6rem; }
        .outbox-link { color: #fff; text-decoration: none; font-weight: 600; border: 1px solid rgba(255,255,255,.5); border-radius: 999px; padding: .1rem .7rem; font-size: .85rem; }
        .outbox-link:hover { background: rgba(255,255,255,.12); color: #fff; }
        .note-box { background: var(--accent-soft); border-radius: 8px; padding: .6rem 1rem; margin: 0 0 1rem; }
        a.request { font-weight: 600; white-space: nowrap; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .5rem 1.25rem; margin: 1.25rem 0; }
        .facts dt { color: var(--muted); font-weight: 600; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .facts ul { list-style: none; margin: 0; padding: 0; }
        .facts dd.justification { color: var(--text); }
        .state { display: inline-block; border-radius: 8px; padding: .5rem .9rem; font-weight: 600; margin: .25rem 0 .5rem; }
        .state[data-state=pending] { background: var(--warn-soft); color: var(--warn); }
        .state[data-state=approved] { background: var(--ok-soft); color: var(--ok); }
        .state[data-state=expired] { background: #eef1f6; color: var(--muted); }
        .notice { border-radius: 8px; padding: .75rem 1rem; margin: 0 0 1.25rem; }
        .success-note { background: var(--ok-soft); color: var(--ok); border-left: 4px solid var(--ok); }
        .peer-list { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .5rem; }
        .peer-list li { display: flex; align-items: center; gap: .6rem; background: #fafbfd; border: 1px solid var(--line); border-radius: 8px; padding: .55rem .8rem; }
        .peer-list label { margin: 0; font-weight: 500; cursor: pointer; }
        .request-form .fields { margin-top: 1rem; }
        .approve { border-top: 1px solid var(--line); margin-top: 1.25rem; padding-top: 1.25rem; }
        .status-link { margin-top: 1.25rem; }
        #approval-link { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; margin-top: .3rem; }
        .messages { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
        .message { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem 1.1rem; display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
        .message .subject { font-weight: 600; flex-basis: 100%; text-decoration: none; }
        .message .to, .message .cc, .message time { color: var(--muted); font-size: .9rem; }
        .message time { margin-left: auto; }
        .mail-links { padding-left: 1.2rem; }
        .mail-links li { overflow-wrap: anywhere; margin-bottom: .4rem; }
        .mail-body { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafbfd; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; font-size: .9rem; }
        .html-part summary { cursor: pointer; color: var(--muted); margin: 1rem 0 .5rem; }
        @media (max-width: 640px) {
          .signout { margin-left: 0; width: 100%; justify-content: space-between; }
          th:nth-child(5), td.condition { display: none; }
          .inline { flex-direction: column; }
          .facts { grid-template-columns: 1fr; gap: .1rem; }
          .facts dd { margin-bottom: .5rem; }
        }

        """

    static let script = """
        // Shows every <time datetime> in the browser's time zone; without this script the page shows UTC.
        (function () {
          var options = { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
          document.querySelectorAll("time[datetime]").forEach(function (element) {
            var date = new Date(element.getAttribute("datetime"));
            if (isNaN(date.getTime())) { return; }
            element.title = element.textContent;
            element.textContent = date.toLocaleString(undefined, options);
          });
        })();

        """

    var routes: RouteCollection<JITAccessRequestContext> {
        let routes = RouteCollection(context: JITAccessRequestContext.self)
        routes.get("/static/app.css") { _, _ in Self.asset(Self.styleSheet, type: "text/css; charset=utf-8") }
        routes.get("/static/app.js") { _, _ in Self.asset(Self.script, type: "text/javascript; charset=utf-8") }
        return routes
    }

    private static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
