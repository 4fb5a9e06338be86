import Foundation
import Hummingbird
import Synchronization

/// Every request made to Resource Manager, Cloud Asset, IAM Credentials and the Directory API on the emulator and
/// its answer, in the order they arrived, so that tests can check both against the discovery
/// documents (``DiscoveryDocument``). The test helpers around them (metadata, `/token`, key
/// sets, key files, fault injection) are not recorded: no discovery document describes them.
public final class RequestJournal: Sendable {
    private let recorded = Mutex<[EmulatorRequest]>([])

    /// Nothing recorded yet.
    public init() {}

    /// The requests so far.
    public var requests: [EmulatorRequest] {
        recorded.withLock { $0 }
    }

    /// Records `request`; returns where, for its answer.
    func record(_ request: EmulatorRequest) -> Int {
        recorded.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    func record(_ answer: EmulatorRequest.Answer, at index: Int) {
        recorded.withLock { $0[index].answer = answer }
    }
}
