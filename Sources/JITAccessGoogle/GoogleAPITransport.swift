import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging
import NIOCore
import NIOHTTP1

/// Sends JSON requests to one Google API as jitaccess's service account and turns Google's
/// answers into ``JITAccessError``.
///
/// Overload (429) and server errors (5xx), and failures to reach the service at all, are retried
/// a bounded number of times with exponential backoff and full jitter. A stale etag (409
/// `ABORTED`, or 412) becomes ``JITAccessError/conflict(_:)`` so that ``PolicyUpdate`` re-reads
/// and retries the whole read-modify-write. Other 4xx are never retried: a 401/403 means the
/// service account lacks a role, a 400 means jitaccess sent something Google rejects.
///
/// A quota of jitaccess's project that ran out (``GoogleQuota``: a 429 or a Directory API 403
/// naming a quota) becomes ``JITAccessError/quotaExhausted(_:retryAfterSeconds:)``: a per-minute
/// quota once retrying within `retry` did not help, a per-day quota at once, since it refills
/// only the next day.
public struct GoogleAPITransport: Sendable {
    /// Google's answers are small; a policy is at most a few hundred kilobytes.
    private static let maximumResponseSize = 8 * 1024 * 1024

    /// The service's name in messages, such as "Resource Manager".
    public let service: String
    private let client: HTTPClient
    private let credentials: any AccessTokenSource
    private let deadline: TimeAmount
    private let retry: Backoff
    private let clock: any WallClock
    private let logger: Logger

    /// Calls `service` with `client`, authenticated by `credentials`, each attempt within the
    /// deadline `timeouts` allow, retrying as `retry` says with waits on `clock`.
    public init(
        service: String, client: HTTPClient, credentials: any AccessTokenSource, timeouts: BackendTimeouts = BackendTimeouts(),
        retry: Backoff, clock: any WallClock, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        self.service = service
        self.client = client
        self.credentials = credentials
        deadline = timeouts.requestDeadline
        self.retry = retry
        self.clock = clock
        self.logger = logger
    }

    /// POSTs `body` as JSON to `url` with `headers` and decodes the answer as `Answer`.
    ///
    /// A `write` is a request that changes something: only there does 409/412 mean that the
    /// etag sent is stale (``JITAccessError/conflict(_:)``); and when an attempt of it went
    /// unanswered, a later failure throws ``UnansweredWrite``, since the write may have landed.
    public func post<Body: Encodable, Answer: Decodable>(
        _ url: String, body: Body, headers: [(String, String)] = [], write: Bool = false, as answer: Answer.Type
    ) async throws -> Answer {
        let data = try await send(.POST, url, body: encoded(body), headers: headers, write: write) ?? Data()
        return try decode(data, from: url, as: Answer.self)
    }

    /// POSTs `body` as JSON to `url` (a read) and decodes the answer as `Answer`; `nil` when
    /// Google answers with one of `absentStatuses`.
    public func post<Body: Encodable, Answer: Decodable>(
        _ url: String, body: Body, absentStatuses: Set<UInt>, as answer: Answer.Type
    ) async throws -> Answer? {
        guard let data = try await send(.POST, url, body: encoded(body), headers: [], absentStatuses: absentStatuses) else {
            return nil
        }
        return try decode(data, from: url, as: Answer.self)
    }

    private func encoded(_ body: some Encodable) throws -> Data {
        do {
            return try JSONEncoder().encode(body)
        } catch {
            throw JITAccessError.backend("Could not encode the request to \(service): \(error)")
        }
    }

    private func decode<Answer: Decodable>(_ data: Data, from url: String, as answer: Answer.Type) throws -> Answer {
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw JITAccessError.backend("\(service) answered \(url) with something that is not the expected JSON: \(error)")
        }
    }

    /// GETs `url` and decodes the answer as `Answer`; `nil` when Google answers with one of
    /// `absentStatuses` (Cloud Asset answers 400 for a scope or resource it does not know).
    public func get<Answer: Decodable>(_ url: String, absentStatuses: Set<UInt> = [], as answer: Answer.Type) async throws -> Answer? {
        guard let data = try await send(.GET, url, body: nil, headers: [], absentStatuses: absentStatuses) else {
            return nil
        }
        return try decode(data, from: url, as: Answer.self)
    }

    /// Sends one request, retrying overload and server errors; returns the body of a 2xx
    /// answer, or `nil` for a status in `absentStatuses`.
    func send(
        _ method: HTTPMethod, _ url: String, body: Data?, headers: [(String, String)], absentStatuses: Set<UInt> = [], write: Bool = false
    ) async throws -> Data? {
        var attempt = 1
        var unanswered = false
        let started = ContinuousClock.now
        while true {
            let outcome = try await attemptOnce(method, url, body: body, headers: headers, absentStatuses: absentStatuses, write: write)
            switch outcome {
            case .success(let data):
                return data
            case .failure(let failure) where !failure.retryable:
                let error = failure.quota.map { exhausted($0, attempts: attempt) } ?? failure.error
                throw unanswered ? UnansweredWrite(error: error) : error
            case .failure(let failure):
                unanswered = unanswered || (write && failure.unanswered)
                let wait = retry.delay(afterAttempt: attempt)
                guard retry.allowsAnother(after: attempt, elapsed: started.duration(to: .now), wait: wait) else {
                    let error = failure.quota.map { exhausted($0, attempts: attempt) }
                        ?? JITAccessError.backend("\(failure.summary); tried \(attempt) time\(attempt == 1 ? "" : "s")")
                    throw unanswered ? UnansweredWrite(error: error) : error
                }
                logger.warning("Retrying \(service)", metadata: ["url": "\(url)", "attempt": "\(attempt)", "error": "\(failure.summary)"])
                try await clock.sleep(for: wait)
                attempt += 1
            }
        }
    }

    /// The error for `quota`, which ran out after `attempts`, logged so that an administrator
    /// sees which quota to raise.
    private func exhausted(_ quota: GoogleQuota, attempts: Int) -> JITAccessError {
        let error = quota.error(service: service, attempts: attempts)
        logger.error("A Google quota of jitaccess's project ran out", metadata: [
            "service": "\(service)", "quota": "\(quota.name)", "daily": "\(quota.isDaily)", "attempts": "\(attempts)",
        ])
        return error
    }

    /// Why one attempt failed and whether trying again may help.
    private struct AttemptFailure: Error {
        let error: JITAccessError
        let retryable: Bool
        /// No answer came, so the request may or may not have taken effect.
        var unanswered = false
        /// The quota that ran out, if that is why.
        var quota: GoogleQuota?
        var summary: String { error.message }
    }

    private func attemptOnce(
        _ method: HTTPMethod, _ url: String, body: Data?, headers: [(String, String)], absentStatuses: Set<UInt>, write: Bool
    ) async throws -> Result<Data?, AttemptFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(try await credentials.accessToken())")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: HTTPResponseStatus
        let answer: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: deadline)
            status = response.status
            answer = try await response.body.collect(upTo: Self.maximumResponseSize)
        } catch {
            return .failure(AttemptFailure(error: .backend("\(service) could not be reached at \(url): \(error)"), retryable: true, unanswered: true))
        }
        let data = Data(answer.readableBytesView)
        if (200..<300).contains(status.code) {
            return .success(data)
        }
        let error = GoogleErrorBody(data)
        // A quota that ran out is never "nothing found", even for a status taken as that.
        if absentStatuses.contains(status.code), GoogleQuota(status: status.code, error: error) == nil {
            // Taken as "nothing found", as JIT Access does; logged, since a wrong scope or query
            // looks the same.
            logger.warning("\(service) answered \(status.code); taken as nothing found", metadata: [
                "url": "\(url)", "error": "\(error.message ?? status.reasonPhrase)",
            ])
            return .success(nil)
        }
        return .failure(classify(status: status, error: error, url: url, write: write))
    }

    /// What a non-2xx answer means for jitaccess.
    private func classify(status: HTTPResponseStatus, error: GoogleErrorBody, url: String, write: Bool) -> AttemptFailure {
        let detail = "\(status.code)\(error.status.map { " \($0)" } ?? ""): \(error.message ?? status.reasonPhrase)"
        if let quota = GoogleQuota(status: status.code, error: error) {
            // Before the 403 case: the Directory API reports its quotas as 403s.
            return AttemptFailure(error: .backend("\(service) answered \(detail)"), retryable: !quota.isDaily, quota: quota)
        }
        switch status.code {
        case 409 where write, 412 where write:
            return AttemptFailure(error: .conflict("\(service) refused a stale write (\(detail))"), retryable: false)
        case 409:
            // ABORTED on a read is a concurrency hiccup at Google, worth another try.
            return AttemptFailure(error: .backend("\(service) answered \(detail)"), retryable: true)
        case 429, 500...599:
            return AttemptFailure(error: .backend("\(service) answered \(detail)"), retryable: true)
        case 401, 403:
            return AttemptFailure(
                error: .backend("\(service) refused jitaccess's service account (\(detail)); check the roles granted to the service account"),
                retryable: false
            )
        case 404:
            // What jitaccess asks for was found by Google's own analysis a moment before: a
            // 404 is Google disagreeing with itself, a backend failure rather than the user's.
            return AttemptFailure(error: .backend("\(service) does not know \(url) (\(detail))"), retryable: false)
        default:
            return AttemptFailure(error: .backend("\(service) rejected a request of jitaccess (\(detail))"), retryable: false)
        }
    }
}
