/// The demo outbox pages: the list of messages and one message.
extension Templates {
    static let outbox = """
        {{#chrome}}{{> head}}{{/chrome}}
        <h1>Demo outbox</h1>
        <p class="lead">In demo mode jitaccess keeps its e-mail here instead of sending it, newest first.
        It stands in for everybody's mailbox: open a message and follow its link, signed in as the person it was sent to.</p>
        {{#hasMessages}}
        <ul class="messages">
        {{#messages}}
        <li class="message"><a href="/demo/outbox/{{{id}}}" class="subject">{{{subject}}}</a>
        <span class="to">To: {{{to}}}</span>{{#cc}}<span class="cc">Cc: {{{.}}}</span>{{/cc}}<time datetime="{{{date.iso}}}">{{{date.text}}}</time></li>
        {{/messages}}
        </ul>
        {{/hasMessages}}
        {{^hasMessages}}<p class="empty">No mail yet. Request a role that needs peer approval, and the message to the reviewers appears here.</p>{{/hasMessages}}
        {{#chrome}}{{> foot}}{{/chrome}}
        """

    static let outboxMessage = """
        {{#chrome}}{{> head}}{{/chrome}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/demo/outbox" id="back">← Outbox</a></nav>
        <article id="message" class="card">
        <h1 class="subject">{{{subject}}}</h1>
        <dl class="facts headers">
        <dt>From</dt><dd class="from">{{{from}}}</dd>
        <dt>To</dt><dd class="to">{{{to}}}</dd>
        {{#cc}}<dt>Cc</dt><dd class="cc">{{{.}}}</dd>{{/cc}}
        <dt>Date</dt><dd><time datetime="{{{date.iso}}}">{{{date.text}}}</time></dd>
        </dl>
        {{#hasLinks}}
        <h2>Links in this message</h2>
        <ul class="mail-links">
        {{#links}}<li>{{#clickable}}<a class="mail-link" href="{{{url}}}">{{{url}}}</a>{{/clickable}}{{^clickable}}<code>{{{url}}}</code> <span class="hint">(not this service, so not a link here)</span>{{/clickable}}</li>{{/links}}
        </ul>
        {{/hasLinks}}
        <h2>Message</h2>
        <pre class="mail-body">{{{textBody}}}</pre>
        <details class="html-part"><summary>HTML part (source)</summary><pre class="mail-body">{{{htmlBody}}}</pre></details>
        </article>
        {{#chrome}}{{> foot}}{{/chrome}}
        """
}
