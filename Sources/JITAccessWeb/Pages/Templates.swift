/// The page templates (Mustache). Values are printed with `{{{ }}}` only: ``PageRenderer``
/// hands the templates nothing but text already escaped by ``HTMLEscaping`` (``EscapedModel``),
/// and the library's own `{{ }}` escaping, which compares graphemes, is never used.
enum Templates {
    /// Everything up to the main content: head, header with the signed-in user.
    static let head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{{title}}} · jitaccess</title>
        <link rel="stylesheet" href="/static/app.css">
        <script src="/static/app.js" defer></script>
        </head>
        <body>
        <header class="top">
        <div class="top-inner">
        <a class="brand" href="/"><span class="logo" aria-hidden="true">J</span>jitaccess</a>
        {{#demo}}<span class="badge demo" title="Demo mode: anybody can sign in as anybody. Never use it in production.">Demo mode</span>{{/demo}}
        {{#outbox}}<a class="outbox-link" href="/demo/outbox">Outbox</a>{{/outbox}}
        {{#user}}
        <form class="signout" method="post" action="/signout">
        <span class="user">Signed in as <strong>{{{email}}}</strong></span>
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        <button type="submit" id="signout" class="secondary small">Sign out</button>
        </form>
        {{/user}}
        </div>
        </header>
        <main>

        """

    static let foot = """

        </main>
        <footer><div class="top-inner">jitaccess {{{version}}} · just-in-time privileged access for Google Cloud IAM</div></footer>
        </body>
        </html>

        """

    static let signIn = """
        {{#chrome}}{{> head}}{{/chrome}}
        <section class="card narrow">
        <h1>Sign in to the demo</h1>
        <p class="lead">This jitaccess runs in <strong>demo mode</strong> against an embedded IAM kept in a local file.
        There are no passwords: pick the user you want to act as. Demo mode is for trying jitaccess out, never for production.</p>
        {{#error}}<div class="error" role="alert">{{{.}}}</div>{{/error}}
        {{#next}}<p class="note-box">Sign in to continue to the page you opened.</p>{{/next}}
        <form method="post" action="/signin">
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        {{#next}}<input type="hidden" name="next" value="{{{.}}}">{{/next}}
        <fieldset>
        <legend>Demo users</legend>
        <div class="users">
        {{#users}}
        <button type="submit" name="email" value="{{{email}}}" class="user-choice"><span class="avatar" aria-hidden="true">{{{initial}}}</span><span class="who"><span class="name">{{{name}}}</span><span class="address">{{{email}}}</span></span></button>
        {{/users}}
        </div>
        </fieldset>
        </form>
        <form method="post" action="/signin" class="other-user">
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        {{#next}}<input type="hidden" name="next" value="{{{.}}}">{{/next}}
        <label for="email">Or sign in with any e-mail address</label>
        <div class="inline">
        <input type="text" inputmode="email" autocomplete="email" id="email" name="email" value="{{{email}}}" placeholder="name@example.com" required>
        <button type="submit">Sign in</button>
        </div>
        </form>
        </section>
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    static let projects = """
        {{#chrome}}{{> head}}{{/chrome}}
        <h1>Your projects</h1>
        <p class="lead">Projects where you can activate a role, or have one active. Pick one to see its roles.</p>
        {{#hasProjects}}
        <ul class="projects">
        {{#projects}}
        <li><a class="project" href="/projects/{{{id}}}">{{{id}}}</a></li>
        {{/projects}}
        </ul>
        {{/hasProjects}}
        {{^hasProjects}}
        <p class="empty">You are not eligible for any role yet. An administrator grants eligibility with an IAM binding whose condition contains <code>has({}.jitAccessConstraint)</code>.</p>
        {{/hasProjects}}
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    static let project = """
        {{#chrome}}{{> head}}{{/chrome}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/" id="back">← All projects</a></nav>
        <h1>Project <span class="mono">{{{project}}}</span></h1>
        <p class="lead">Select the self-approval roles you need, say why, and choose for how long. Roles that need peer approval are requested from a colleague. Access ends by itself.</p>
        {{#error}}<div class="error" role="alert">{{{.}}}</div>{{/error}}
        {{#warnings}}<div class="warning" role="note">{{{.}}}</div>{{/warnings}}
        <form method="post" action="/projects/{{{project}}}/activate" class="activate">
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        <div class="table-wrap">
        <table id="entitlements">
        <caption class="visually-hidden">Your roles on project {{{project}}}</caption>
        <thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Role</th><th scope="col">Approval</th><th scope="col">Status</th><th scope="col">Resource condition</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-entitlement-id="{{{id}}}" data-type="{{{type}}}" data-status="{{{status}}}">
        <td class="select">{{#selectable}}<input type="checkbox" name="entitlement" value="{{{id}}}" id="entitlement-{{{index}}}"{{#checked}} checked{{/checked}}>{{/selectable}}</td>
        <td class="role">{{#selectable}}<label for="entitlement-{{{index}}}">{{{role}}}</label>{{/selectable}}{{^selectable}}{{{role}}}{{/selectable}}</td>
        <td class="type"><span class="pill {{{typeClass}}}">{{{typeLabel}}}</span>{{#peerApproval}}<div class="note">Needs a colleague's approval. <a class="request" href="/projects/{{{project}}}/request?entitlement={{{id}}}">Request…</a></div>{{/peerApproval}}</td>
        <td class="status">{{#activeUntil}}Active until <time datetime="{{{iso}}}">{{{text}}}</time>{{/activeUntil}}{{^activeUntil}}Available{{/activeUntil}}</td>
        <td class="condition">{{#condition}}<code>{{{.}}}</code>{{/condition}}{{^condition}}<span class="none">None</span>{{/condition}}</td>
        </tr>
        {{/rows}}
        </tbody>
        </table>
        </div>
        {{^rows}}<p class="empty">You have no roles on this project.</p>{{/rows}}
        {{#hasSelectable}}
        {{> reason}}
        <button type="submit" id="activate">Activate selected roles</button>
        {{/hasSelectable}}
        {{^hasSelectable}}<p class="empty">None of your roles on this project can be activated by self-approval.</p>{{/hasSelectable}}
        </form>
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    /// The justification and duration fields, shared by the activation and request forms.
    static let reason = """
        <div class="fields">
        <div class="field grow">
        <label for="justification">Justification</label>
        <input type="text" name="justification" id="justification" maxlength="100" required placeholder="{{{hint}}}" value="{{{justification}}}" aria-describedby="justification-hint">
        <p class="hint" id="justification-hint">Expected: {{{hint}}}</p>
        </div>
        <div class="field">
        <label for="minutes">Duration in minutes</label>
        <input type="number" name="minutes" id="minutes" min="1" max="{{{maxMinutes}}}" value="{{{minutes}}}" required aria-describedby="minutes-hint">
        <p class="hint" id="minutes-hint">1 to {{{maxMinutes}}} minutes</p>
        </div>
        </div>
        """

    static let result = """
        {{#chrome}}{{> head}}{{/chrome}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/">All projects</a> / <a href="/projects/{{{project}}}">{{{project}}}</a></nav>
        <section id="result" class="card success">
        <h1>Access activated</h1>
        <p>You now hold these roles on project <strong>{{{project}}}</strong>. IAM may take a minute to apply them everywhere.</p>
        <ul class="activations">
        {{#activated}}
        <li class="activated" data-role="{{{role}}}"><span class="role">{{{role}}}</span>{{#condition}} <code>{{{.}}}</code>{{/condition}}<span class="until">active until <time datetime="{{{end.iso}}}">{{{end.text}}}</time></span></li>
        {{/activated}}
        </ul>
        <p class="justification">Justification: {{{justification}}}</p>
        </section>
        <p><a href="/projects/{{{project}}}" class="button secondary">Back to project {{{project}}}</a></p>
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    static let error = """
        {{#chrome}}{{> head}}{{/chrome}}
        <section class="card narrow">
        <h1>{{{heading}}}</h1>
        <div class="error" role="alert">{{{message}}}</div>
        <p><a href="/">Back to your projects</a>{{#signIn}} · <a href="/signin">Sign in</a>{{/signIn}}{{#switchUser}} · <a href="{{{.}}}" id="switch-user">Sign in as another user</a>{{/switchUser}}</p>
        </section>
        {{#chrome}}{{> foot}}{{/chrome}}
        """
}
