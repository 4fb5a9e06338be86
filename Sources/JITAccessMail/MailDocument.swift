import JITAccessCore

/// The content of a message, written once and rendered twice: as plain text and as HTML.
///
/// Every string is one line of text (line breaks and controls become spaces, so user text
/// cannot fake extra lines or sections) and is HTML-escaped in the HTML version.
struct MailDocument: Sendable {
    /// A labelled value, such as `Role: roles/cloudsql.admin`.
    struct Field: Sendable {
        let label: String
        let value: String
        /// Shown in a monospace font (role names, conditions).
        var isCode = false
    }

    enum Block: Sendable {
        case paragraph(String)
        case fields([Field])
        /// The main action: a button in HTML, the raw URL on its own line in text.
        case action(title: String, url: String)
        /// A secondary link: a sentence followed by the URL.
        case link(String, url: String)
        /// Small print at the end.
        case note(String)
    }

    let title: String
    let blocks: [Block]

    /// The plain-text version.
    var text: String {
        var paragraphs: [String] = []
        for block in blocks {
            switch block {
            case .paragraph(let text):
                paragraphs.append(Self.line(text))
            case .fields(let fields):
                let width = (fields.map(\.label.count).max() ?? 0) + 1
                paragraphs.append(fields.map { field in
                    let label = "\(field.label):".padded(to: width)
                    return "  \(label) \(Self.line(field.value))"
                }.joined(separator: "\n"))
            case .action(let title, let url):
                paragraphs.append("\(Self.line(title)):\n\(Self.line(url))")
            case .link(let text, let url):
                paragraphs.append("\(Self.line(text))\n\(Self.line(url))")
            case .note(let text):
                paragraphs.append("-- \n\(Self.line(text))")
            }
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// The HTML version: a single centred card with inline styles, which mail programs keep.
    var html: String {
        var body: [String] = ["<h1 style=\"\(Style.heading)\">\(Self.escaped(title))</h1>"]
        for block in blocks {
            switch block {
            case .paragraph(let text):
                body.append("<p style=\"\(Style.paragraph)\">\(Self.escaped(text))</p>")
            case .fields(let fields):
                let rows = fields.map { field in
                    let value = field.isCode ? "<code style=\"\(Style.code)\">\(Self.escaped(field.value))</code>" : Self.escaped(field.value)
                    return "<tr><th scope=\"row\" style=\"\(Style.label)\">\(Self.escaped(field.label))</th><td style=\"\(Style.value)\">\(value)</td></tr>"
                }
                body.append("<table role=\"presentation\" style=\"\(Style.table)\">\n\(rows.joined(separator: "\n"))\n</table>")
            case .action(let title, let url):
                let href = Self.escaped(url)
                body.append("<p style=\"\(Style.paragraph)\"><a href=\"\(href)\" style=\"\(Style.button)\">\(Self.escaped(title))</a></p>")
                body.append("<p style=\"\(Style.small)\">If the button does not work, open this link: <a href=\"\(href)\" style=\"\(Style.link)\">\(href)</a></p>")
            case .link(let text, let url):
                let href = Self.escaped(url)
                body.append("<p style=\"\(Style.paragraph)\">\(Self.escaped(text))<br><a href=\"\(href)\" style=\"\(Style.link)\">\(href)</a></p>")
            case .note(let text):
                body.append("<p style=\"\(Style.note)\">\(Self.escaped(text))</p>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escaped(title))</title>
            </head>
            <body style="\(Style.page)">
            <div style="\(Style.card)">
            \(body.joined(separator: "\n"))
            </div>
            </body>
            </html>

            """
    }

    private static func line(_ text: String) -> String { HeaderText.sanitized(text) }

    private static func escaped(_ text: String) -> String { HTMLEscaping.escape(line(text)) }

    private enum Style {
        static let page = "margin:0;padding:24px 12px;background:#f3f4f6;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2937;"
        static let card = "max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #d1d5db;border-radius:8px;padding:24px;"
        static let heading = "font-size:20px;line-height:28px;margin:0 0 16px;"
        static let paragraph = "font-size:15px;line-height:22px;margin:0 0 16px;"
        static let table = "border-collapse:collapse;width:100%;margin:0 0 20px;font-size:15px;line-height:22px;"
        static let label = "text-align:left;vertical-align:top;padding:6px 16px 6px 0;color:#4b5563;font-weight:600;white-space:nowrap;border-top:1px solid #e5e7eb;"
        static let value = "vertical-align:top;padding:6px 0;border-top:1px solid #e5e7eb;word-break:break-word;"
        static let code = "font-family:SFMono-Regular,Menlo,Consolas,monospace;font-size:14px;background:#f3f4f6;padding:1px 4px;border-radius:4px;"
        static let button = "display:inline-block;background:#1a73e8;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 20px;border-radius:6px;"
        static let link = "color:#1a73e8;word-break:break-all;"
        static let small = "font-size:13px;line-height:19px;color:#4b5563;margin:0 0 16px;"
        static let note = "font-size:12px;line-height:18px;color:#6b7280;margin:24px 0 0;border-top:1px solid #e5e7eb;padding-top:12px;"
    }
}

extension String {
    /// This text padded with spaces to `length` characters (never cut).
    func padded(to length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
