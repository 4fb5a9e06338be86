import Hummingbird
import JITAccessCore
import Mustache

/// Renders the HTML pages from ``Templates``. Every value reaches the HTML escaped.
struct PageRenderer: Sendable {
    /// The demo users offered on the sign-in page.
    static let demoUsers = ["alice", "bob", "carol", "dave"]

    private let library: MustacheLibrary
    let isDemo: Bool
    let applicationVersion: String
    /// Whether the header links to the demo outbox.
    let showsOutbox: Bool

    init(isDemo: Bool, applicationVersion: String, showsOutbox: Bool = false) throws {
        var library = MustacheLibrary()
        let templates = [
            "head": Templates.head, "foot": Templates.foot, "signin": Templates.signIn, "projects": Templates.projects,
            "project": Templates.project, "reason": Templates.reason, "result": Templates.result, "error": Templates.error,
            "facts": Templates.requestFacts, "state": Templates.requestState, "request": Templates.requestForm,
            "requested": Templates.requestResult, "activation": Templates.activationRequest,
            "outbox": Templates.outbox, "message": Templates.outboxMessage,
        ]
        for (name, text) in templates {
            try library.register(text, named: name)
        }
        self.library = library
        self.isDemo = isDemo
        self.applicationVersion = applicationVersion
        self.showsOutbox = showsOutbox
    }

    /// The header and footer data: the page title and who is signed in.
    struct Chrome {
        let title: String
        let demo: Bool
        let outbox: Bool
        let user: SignedIn?
        let version: String
    }

    /// The signed-in user, and the token of the sign-out form.
    struct SignedIn {
        let email: String
        let csrf: String
    }

    func chrome(_ title: String, user: SignedIn?) -> Chrome {
        Chrome(title: title, demo: isDemo, outbox: showsOutbox, user: user, version: applicationVersion)
    }

    /// Renders `model` with every string in it escaped by ``HTMLEscaping`` (``EscapedModel``);
    /// the templates print values with `{{{ }}}` only, so the library's own escaping, which
    /// compares graphemes, never runs.
    func render(_ template: String, _ model: Any) -> HTMLPage {
        HTMLPage(html: library.render(EscapedModel(model), withTemplate: template) ?? "")
    }

    // MARK: Sign-in

    private struct SignInModel {
        struct DemoUser {
            let name: String
            let initial: String
            let email: String
        }

        let chrome: Chrome
        let users: [DemoUser]
        let csrf: String
        /// Where signing in leads: a local path checked by ``ReturnPath``.
        let next: String?
        let email: String
        let error: String?
    }

    func signIn(csrf: String, next: String? = nil, email: String = "", error: String? = nil) -> HTMLPage {
        let users = Self.demoUsers.map { name in
            SignInModel.DemoUser(name: name.prefix(1).uppercased() + name.dropFirst(), initial: name.prefix(1).uppercased(), email: "\(name)@example.com")
        }
        return render("signin", SignInModel(chrome: chrome("Sign in", user: nil), users: users, csrf: csrf, next: next, email: email, error: error))
    }

    // MARK: Projects

    private struct ProjectsModel {
        struct Project {
            let id: String
        }

        let chrome: Chrome
        let projects: [Project]
        let hasProjects: Bool
    }

    func projects(_ projects: [ProjectId], user: SignedIn) -> HTMLPage {
        render("projects", ProjectsModel(
            chrome: chrome("Your projects", user: user),
            projects: projects.map { ProjectsModel.Project(id: $0.id) },
            hasProjects: !projects.isEmpty
        ))
    }

    // MARK: One project

    /// What the activation form holds: kept as typed when the form comes back with an error.
    struct ActivationForm {
        var selected: Set<String> = []
        var justification = ""
        var minutes: String
    }

    private struct ProjectModel {
        struct Row {
            let index: Int
            let id: String
            let role: String
            let type: String
            let typeLabel: String
            let typeClass: String
            let status: String
            let selectable: Bool
            let checked: Bool
            let peerApproval: Bool
            let activeUntil: TimeView?
            let condition: String?
        }

        let chrome: Chrome
        let project: String
        let rows: [Row]
        let hasSelectable: Bool
        let csrf: String
        let hint: String
        let justification: String
        let minutes: String
        let maxMinutes: Int
        let error: String?
        let warnings: [String]
    }

    func project(_ project: ProjectId, listing: EntitlementListing, form: ActivationForm, rules: ActivationRules, user: SignedIn, error: String? = nil) -> HTMLPage {
        let rows = listing.entitlements.enumerated().map { index, entitlement in
            let id = entitlement.id.description
            let (label, cssClass) = switch entitlement.activationType {
            case .jit: ("Self-approval", "jit")
            case .mpa: ("Peer approval", "mpa")
            case .notEligible: ("No longer eligible", "none")
            }
            return ProjectModel.Row(
                index: index, id: id, role: entitlement.name, type: entitlement.activationType.rawValue,
                typeLabel: label, typeClass: cssClass, status: entitlement.status.rawValue,
                selectable: entitlement.activationType == .jit, checked: form.selected.contains(id),
                peerApproval: entitlement.activationType == .mpa,
                activeUntil: entitlement.status == .active ? entitlement.validUntil.map(TimeView.init) : nil,
                condition: entitlement.id.resourceCondition?.expression
            )
        }
        return render("project", ProjectModel(
            chrome: chrome("Project \(project.id)", user: user), project: project.id, rows: rows,
            hasSelectable: rows.contains(where: \.selectable), csrf: user.csrf, hint: rules.justificationHint,
            justification: form.justification, minutes: form.minutes, maxMinutes: rules.maxActivationMinutes, error: error,
            warnings: listing.warnings
        ))
    }

    // MARK: Result

    private struct ResultModel {
        struct Activated {
            let role: String
            let condition: String?
            let end: TimeView
        }

        let chrome: Chrome
        let project: String
        let activated: [Activated]
        let justification: String
    }

    func result(_ activation: Activation, project: ProjectId, user: SignedIn) -> HTMLPage {
        render("result", ResultModel(
            chrome: chrome("Access activated", user: user),
            project: project.id,
            activated: activation.entitlements.map {
                ResultModel.Activated(role: $0.role, condition: $0.resourceCondition?.expression, end: TimeView(activation.window.end))
            },
            justification: activation.justification
        ))
    }

    // MARK: Errors

    private struct ErrorModel {
        let chrome: Chrome
        let heading: String
        let message: String
        let signIn: Bool
        /// In demo mode, after a refusal: the sign-in page that comes back here as somebody else.
        let switchUser: String?
    }

    /// The error page; `returnPath` is the page that failed, offered again after signing in as
    /// another user when a demo user was refused.
    func error(_ failure: HTTPFailure, user: SignedIn? = nil, returnPath: String? = nil) -> HTMLPage {
        let heading = switch failure.status {
        case .unauthorized: "Please sign in"
        case .forbidden: "Not allowed"
        case .notFound: "Not found"
        case .badRequest: "That did not work"
        default: "Something went wrong"
        }
        return render("error", ErrorModel(
            chrome: chrome(heading, user: user), heading: heading, message: failure.message,
            signIn: isDemo && failure.status == .unauthorized,
            switchUser: isDemo && failure.status == .forbidden ? ReturnPath.signInPage("/signin", returningTo: returnPath) : nil
        ))
    }
}
