/// The peer-approval pages: the request form, the page after requesting, and the page behind
/// the e-mailed link where reviewers approve and everybody involved sees the state.
extension Templates {
    /// What a request is about, as a definition list; shared by the request pages.
    static let requestFacts = """
        <dl class="facts">
        {{#beneficiary}}<dt>Requested by</dt><dd class="requester">{{{.}}}</dd>{{/beneficiary}}
        <dt>Role</dt><dd class="role mono">{{{role}}}</dd>
        <dt>Project</dt><dd class="project mono">{{{project}}}</dd>
        <dt>Resource condition</dt><dd class="condition">{{#condition}}<code>{{{.}}}</code>{{/condition}}{{^condition}}<span class="none">None</span>{{/condition}}</dd>
        {{#details}}
        <dt>Justification</dt><dd class="justification">{{{justification}}}</dd>
        <dt>Access window</dt><dd class="window"><time datetime="{{{start.iso}}}">{{{start.text}}}</time> to <time datetime="{{{end.iso}}}">{{{end.text}}}</time></dd>
        <dt>Reviewers</dt><dd class="reviewers"><ul>{{#reviewers}}<li>{{{.}}}</li>{{/reviewers}}</ul></dd>
        {{/details}}
        </dl>
        """

    /// Where a request stands, with `data-state` for scripts and tests.
    static let requestState = """
        {{#state}}<p class="state {{{name}}}" data-state="{{{name}}}">{{#pending}}Waiting for approval, valid until <time datetime="{{{until.iso}}}">{{{until.text}}}</time>{{/pending}}{{#approved}}Approved{{#approver}} by {{{.}}}{{/approver}}, {{#ended}}access ended{{/ended}}{{^ended}}active until{{/ended}} <time datetime="{{{until.iso}}}">{{{until.text}}}</time>{{/approved}}{{#expired}}Expired without approval{{/expired}}</p>{{/state}}
        """

    static let requestForm = """
        {{#chrome}}{{> head}}{{/chrome}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/">All projects</a> / <a href="/projects/{{{project}}}" id="back">{{{project}}}</a></nav>
        <h1>Request <span class="mono">{{{role}}}</span></h1>
        <p class="lead">This role needs a colleague's approval. Choose who should review your request, say why you need it and for how long.
        The reviewers get an e-mail with a link; your access starts as soon as one of them approves.</p>
        {{#error}}<div class="error" role="alert">{{{.}}}</div>{{/error}}
        <form method="post" action="/projects/{{{project}}}/request" class="card request-form">
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        <input type="hidden" name="entitlement" value="{{{entitlement}}}">
        {{> facts}}
        {{#hasPeers}}
        <fieldset class="peers" aria-describedby="reviewers-hint">
        <legend>Reviewers</legend>
        <p class="hint" id="reviewers-hint">Choose {{{reviewerRange}}} among the colleagues who may approve this role. One approval is enough.</p>
        <ul class="peer-list">
        {{#peers}}
        <li><input type="checkbox" name="reviewer" value="{{{email}}}" id="reviewer-{{{index}}}"{{#checked}} checked{{/checked}}><label for="reviewer-{{{index}}}">{{{email}}}</label></li>
        {{/peers}}
        </ul>
        </fieldset>
        {{> reason}}
        <button type="submit" id="request">Send request</button>
        {{/hasPeers}}
        {{#tooFewPeers}}<p class="empty">{{{.}}}</p>{{/tooFewPeers}}
        </form>
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    static let requestResult = """
        {{#request}}
        {{#chrome}}{{> head}}{{/chrome}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/">All projects</a> / <a href="/projects/{{{project}}}">{{{project}}}</a></nav>
        <section id="request-result" class="card {{^mailError}}success{{/mailError}}">
        {{^mailError}}
        <h1>Request sent</h1>
        <p>Your reviewers have been e-mailed a link to approve it; you are in copy.</p>
        {{/mailError}}
        {{#mailError}}
        <h1>Request created, but not sent</h1>
        <div class="error" role="alert">
        <p>The e-mail to the reviewers could not be sent ({{{.}}}). Nobody has been told: send the reviewers this link yourself, for example in a chat message.</p>
        <label for="approval-link">Approval link</label>
        <input type="text" id="approval-link" readonly value="{{{approvalLink}}}">
        </div>
        {{/mailError}}
        {{> state}}
        {{> facts}}
        <p class="status-link"><a id="status-link" href="{{{statusLink}}}">Follow this request</a>: the page behind this link shows whether it has been approved. It is also in your copy of the e-mail.</p>
        </section>
        <p><a href="/projects/{{{project}}}" class="button secondary">Back to project {{{project}}}</a></p>
        {{#chrome}}{{> foot}}{{/chrome}}
        {{/request}}
        """

    static let activationRequest = """
        {{#request}}
        {{#chrome}}{{> head}}{{/chrome}}
        <section id="activation-request" class="card">
        <h1>Request for <span class="mono">{{{role}}}</span></h1>
        {{#approvedNow}}<div class="notice success-note" role="status">You approved this request. {{{beneficiary}}} has been told by e-mail.</div>{{/approvedNow}}
        {{#alreadyApproved}}<div class="notice" role="status">This request had already been approved, so nothing was changed and nobody was e-mailed again.</div>{{/alreadyApproved}}
        {{#error}}<div class="error" role="alert">{{{.}}}</div>{{/error}}
        {{#notificationError}}<div class="error" role="alert">The requester could not be told by e-mail ({{{.}}}); please let them know yourself.</div>{{/notificationError}}
        {{> state}}
        {{> facts}}
        {{#canApprove}}
        <form method="post" action="/activation-request/approve" class="approve">
        <input type="hidden" name="activation" value="{{{token}}}">
        <input type="hidden" name="csrf" value="{{{csrf}}}">
        <p>Approving gives {{{beneficiary}}} the role <span class="mono">{{{role}}}</span> on project <span class="mono">{{{project}}}</span> for the window above. Approve only if the justification makes sense to you.</p>
        <button type="submit" id="approve">Approve</button>
        </form>
        {{/canApprove}}
        {{#waitingForOthers}}<p class="hint">You asked for this access. One of the reviewers must approve it; open this page again to see where it stands.</p>{{/waitingForOthers}}
        </section>
        {{#switchUser}}<p class="hint">Demo: <a href="{{{.}}}" id="switch-user">sign in as another user</a> to see this request as them, for example as a reviewer.</p>{{/switchUser}}
        {{#chrome}}{{> foot}}{{/chrome}}
        {{/request}}
        """
}
