import JITAccessCore
import JITAccessTestSupport
import Testing

/// The test double holds to the contract the adapters are held to, so engine tests that use it
/// mean what they say.
@Suite("In-memory ledger")
struct InMemoryLedgerTests {
    @Test func keepsTheLedgerContract() async throws {
        try await LedgerContract.check { InMemoryLedger() }
    }
}
