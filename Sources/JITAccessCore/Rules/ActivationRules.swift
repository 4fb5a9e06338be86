/// The rules every activation request must pass, configured as in JIT Access 1.x.
public struct ActivationRules: Sendable {
    /// Justifications of more Unicode scalars than this are refused.
    public static let maxJustificationLength = 100
    /// Justifications of more UTF-8 bytes than this are refused: room for 100 characters of
    /// any script of the Basic Multilingual Plane (3 bytes at most each), fewer emoji.
    public static let maxJustificationBytes = 300
    /// The shortest activation, in minutes.
    public static let minActivationMinutes = 1

    /// A regular expression the whole justification must match (`JUSTIFICATION_PATTERN`).
    public let justificationPattern: String
    /// What a good justification looks like, shown next to the field and in errors (`JUSTIFICATION_HINT`).
    public let justificationHint: String
    /// The longest activation, in minutes (`ACTIVATION_TIMEOUT`).
    public let maxActivationMinutes: Int
    /// The most roles one self-activation may ask for (`ACTIVATION_REQUEST_MAX_ROLES`).
    public let maxRolesPerRequest: Int
    /// The fewest reviewers a peer-approval request must name (`ACTIVATION_REQUEST_MIN_REVIEWERS`).
    public let minReviewers: Int
    /// The most reviewers a peer-approval request may name (`ACTIVATION_REQUEST_MAX_REVIEWERS`).
    public let maxReviewers: Int
    /// How long a peer-approval request stays valid, in minutes (`ACTIVATION_REQUEST_TIMEOUT`).
    public let requestTimeoutMinutes: Int

    /// Creates rules; throws when the pattern is not a valid regular expression or a number is out of range.
    public init(
        justificationPattern: String = ".*",
        justificationHint: String = "Bug or case number",
        maxActivationMinutes: Int = 120,
        maxRolesPerRequest: Int = 10,
        minReviewers: Int = 1,
        maxReviewers: Int = 10,
        requestTimeoutMinutes: Int = 60
    ) throws(ConfigurationError) {
        do {
            _ = try Regex(justificationPattern)
        } catch {
            throw ConfigurationError(variable: "JUSTIFICATION_PATTERN", message: "'\(justificationPattern)' is not a valid regular expression: \(error)")
        }
        guard maxActivationMinutes >= Self.minActivationMinutes else {
            throw ConfigurationError(variable: "ACTIVATION_TIMEOUT", message: "must be at least \(Self.minActivationMinutes) minute")
        }
        guard maxRolesPerRequest >= 1 else {
            throw ConfigurationError(variable: "ACTIVATION_REQUEST_MAX_ROLES", message: "must be at least 1")
        }
        guard minReviewers >= 1 else {
            throw ConfigurationError(variable: "ACTIVATION_REQUEST_MIN_REVIEWERS", message: "must be at least 1")
        }
        guard maxReviewers >= minReviewers else {
            throw ConfigurationError(variable: "ACTIVATION_REQUEST_MAX_REVIEWERS", message: "must be at least ACTIVATION_REQUEST_MIN_REVIEWERS (\(minReviewers))")
        }
        guard requestTimeoutMinutes >= 1 else {
            throw ConfigurationError(variable: "ACTIVATION_REQUEST_TIMEOUT", message: "must be at least 1 minute")
        }
        self.justificationPattern = justificationPattern
        self.justificationHint = justificationHint
        self.maxActivationMinutes = maxActivationMinutes
        self.maxRolesPerRequest = maxRolesPerRequest
        self.minReviewers = minReviewers
        self.maxReviewers = maxReviewers
        self.requestTimeoutMinutes = requestTimeoutMinutes
    }

    /// Reads the rules from JIT Access's environment variables, with its defaults.
    public init(environment: ConfigurationSource) throws(ConfigurationError) {
        try self.init(
            justificationPattern: environment.string("JUSTIFICATION_PATTERN") ?? ".*",
            justificationHint: environment.string("JUSTIFICATION_HINT") ?? "Bug or case number",
            maxActivationMinutes: environment.integer("ACTIVATION_TIMEOUT", alias: "ELEVATION_DURATION", default: 120, range: 1...(60 * 24 * 365)),
            maxRolesPerRequest: environment.integer("ACTIVATION_REQUEST_MAX_ROLES", default: 10, range: 1...1000),
            minReviewers: environment.integer("ACTIVATION_REQUEST_MIN_REVIEWERS", default: 1, range: 1...100),
            maxReviewers: environment.integer("ACTIVATION_REQUEST_MAX_REVIEWERS", default: 10, range: 1...100),
            requestTimeoutMinutes: environment.integer("ACTIVATION_REQUEST_TIMEOUT", default: 60, range: 1...(60 * 24 * 30))
        )
    }

    /// The duration offered first: an hour, or less if the maximum is shorter.
    public var defaultActivationMinutes: Int { min(60, maxActivationMinutes) }

    /// Checks a justification: non-blank, at most ``maxJustificationLength`` Unicode scalars and
    /// ``maxJustificationBytes`` UTF-8 bytes, no hazardous characters (controls, line breaks,
    /// format and prepend characters: ``HazardousCharacter``), and fully matching the pattern.
    ///
    /// Lengths are counted in scalars and bytes, never in `Character`s: one grapheme can hold
    /// any number of combining marks.
    public func validate(justification: String) throws(JITAccessError) {
        let hint = justificationHint.isEmpty ? "" : " (\(justificationHint))"
        guard !justification.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw .invalidArgument("Enter a justification\(hint).")
        }
        let scalars = justification.unicodeScalars.count
        let bytes = justification.utf8.count
        guard scalars <= Self.maxJustificationLength, bytes <= Self.maxJustificationBytes else {
            throw .invalidArgument(
                "The justification is \(scalars) characters (Unicode code points) and \(bytes) bytes long; "
                    + "use at most \(Self.maxJustificationLength) characters and \(Self.maxJustificationBytes) bytes\(hint)."
            )
        }
        if let hazard = HazardousCharacter.first(in: justification) {
            throw .invalidArgument(
                "The justification contains \(hazard.codePoint), \(hazard.explanation), at position \(hazard.position) "
                    + "(counted in Unicode code points); remove it and write the justification as plain text on one line\(hint)."
            )
        }
        let matches = (try? Regex(justificationPattern)).map { (try? $0.wholeMatch(in: justification)) != nil } ?? false
        guard matches else {
            throw .invalidArgument("The justification does not meet the requirements. Expected: \(justificationHint.isEmpty ? justificationPattern : justificationHint).")
        }
    }

    /// Checks that an activation lasts between 1 minute and the maximum.
    public func validate(minutes: Int) throws(JITAccessError) {
        guard (Self.minActivationMinutes...maxActivationMinutes).contains(minutes) else {
            throw .invalidArgument("The activation must last between \(Self.minActivationMinutes) and \(maxActivationMinutes) minutes; \(minutes) was requested.")
        }
    }

    /// Checks the number of reviewers named in a peer-approval request.
    public func validate(reviewerCount: Int) throws(JITAccessError) {
        guard (minReviewers...maxReviewers).contains(reviewerCount) else {
            let range = minReviewers == maxReviewers ? "\(minReviewers)" : "\(minReviewers) to \(maxReviewers)"
            throw .invalidArgument("Choose \(range) reviewers; \(reviewerCount) were chosen.")
        }
    }

    /// Checks the number of roles in one self-activation.
    public func validate(roleCount: Int) throws(JITAccessError) {
        guard roleCount >= 1 else {
            throw .invalidArgument("Select at least one role to activate.")
        }
        guard roleCount <= maxRolesPerRequest else {
            throw .invalidArgument("Select at most \(maxRolesPerRequest) roles at a time; \(roleCount) were selected.")
        }
    }
}
