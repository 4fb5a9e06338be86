import Foundation
import Hummingbird
import JITAccessCore
import Synchronization

/// A failure the emulator is told to answer with instead of serving a method, so that tests can
/// make "Google" misbehave: `{"status": 503, "count": 3, "methods": ["getIamPolicy"]}`.
public struct EmulatedFault: Sendable, Equatable, Codable {
    /// The methods a fault may name: the last part of the emulated APIs' paths.
    public static let methodNames: Set<String> = ["getIamPolicy", "setIamPolicy", "analyzeIamPolicy", "signJwt"]

    /// The HTTP status, 400 to 599; the canonical code follows from it (429 `RESOURCE_EXHAUSTED`,
    /// 503 `UNAVAILABLE`, 409 `ABORTED`, ...).
    public var status: Int
    /// How many requests fail before the methods work again.
    public var count: Int
    /// The methods that fail; all of them when `nil`.
    public var methods: [String]?
    /// The error's message; Google's usual words for the status when `nil`.
    public var message: String?

    /// `count` requests to `methods` (every method when `nil`) answered with `status`.
    public init(status: Int, count: Int, methods: [String]? = nil, message: String? = nil) {
        self.status = status
        self.count = count
        self.methods = methods
        self.message = message
    }

    /// Refuses a fault the emulator cannot play, saying what to change.
    func check() throws(GoogleAPIError) {
        guard (400...599).contains(status) else {
            throw .invalidArgument("A fault's status must be an HTTP error status from 400 to 599, not \(status).")
        }
        guard (1...10_000).contains(count) else {
            throw .invalidArgument("A fault's count must be between 1 and 10000, not \(count).")
        }
        if let unknown = methods?.first(where: { !Self.methodNames.contains($0) }) {
            throw .invalidArgument("'\(unknown)' is not an emulated method; name some of \(Self.methodNames.sorted().joined(separator: ", ")).")
        }
    }

    /// The error Google sends for this fault.
    var error: GoogleAPIError {
        let status = HTTPResponse.Status(code: status)
        let words = switch status.code {
        case 429: "Quota exceeded: too many requests. Retry with exponential backoff."
        case 503: "The service is currently unavailable."
        case 500: "Internal error encountered."
        case 409: GoogleAPIError.concurrentPolicyChange.message
        default: "The emulator was told to fail this request with HTTP \(status.code) (POST /emulator/faults)."
        }
        return GoogleAPIError(status: status, canonicalCode: GoogleAPIError.canonicalCode(for: status), message: message ?? words)
    }
}

/// The faults still to be played, in the order they were injected; the first one that names a
/// method answers the method's next request and counts down.
public final class EmulatedFaults: Sendable {
    private let pending = Mutex<[EmulatedFault]>([])

    /// No faults: every method works.
    public init() {}

    /// Adds `fault` after those already pending. Throws when it is malformed.
    public func inject(_ fault: EmulatedFault) throws(GoogleAPIError) {
        try fault.check()
        pending.withLock { $0.append(fault) }
    }

    /// Removes every pending fault.
    public func clear() {
        pending.withLock { $0.removeAll() }
    }

    /// The faults still pending, with their remaining counts.
    public var current: [EmulatedFault] {
        pending.withLock { $0 }
    }

    /// The fault that answers a request to `method`, counted as played; nil when it is served.
    func take(for method: String) -> EmulatedFault? {
        pending.withLock { faults in
            guard let index = faults.firstIndex(where: { $0.methods?.contains(method) ?? true }) else { return nil }
            let fault = faults[index]
            faults[index].count -= 1
            if faults[index].count == 0 { faults.remove(at: index) }
            return fault
        }
    }
}

/// Answers a request with the pending fault for its method, if there is one.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: EmulatedFaults

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let last = request.uri.path.split(separator: "/").last.map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        if let colon = last.lastIndex(of: ":"), let fault = faults.take(for: String(last[last.index(after: colon)...])) {
            throw fault.error
        }
        return try await next(request, context)
    }
}

/// `POST /emulator/faults` (a fault as JSON) adds a fault, `GET` lists those pending, `DELETE`
/// clears them.
struct FaultsController<Context: RequestContext> {
    static var maxBodySize: Int { 16 * 1024 }

    let faults: EmulatedFaults

    func register(on router: some RouterMethods<Context>) {
        router.post("/emulator/faults") { request, _ in
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            guard let fault = try? JSONDecoder().decode(EmulatedFault.self, from: Data(body.readableBytesView)) else {
                throw GoogleAPIError.invalidArgument(
                    "Send a fault as {\"status\": 503, \"count\": 3, \"methods\": [\"getIamPolicy\"], \"message\": \"...\"}; methods and message are optional."
                )
            }
            try faults.inject(fault)
            return Response(status: .noContent)
        }
        router.get("/emulator/faults") { _, _ in
            try JSONResponse.ok(["faults": faults.current])
        }
        router.delete("/emulator/faults") { _, _ in
            faults.clear()
            return Response(status: .noContent)
        }
    }
}
