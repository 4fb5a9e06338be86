@testable import JITAccessLocal
import Testing

/// The queue the embedded IAM's writes run on.
@Suite("Write queue")
struct WriteQueueTests {
    struct Refusal: Error, Equatable {}

    @Test func runsAWriteOutsideTheCooperativePool() async {
        // Whatever runs on the pool runs as part of a task.
        let inATask = await WriteQueue(label: "test").run { withUnsafeCurrentTask { $0 != nil } }
        #expect(!inATask)
    }

    @Test func handsBackWhatTheWriteReturnsOrThrows() async {
        let queue = WriteQueue(label: "test")
        #expect(await queue.run { 42 } == 42)
        await #expect(throws: Refusal()) { try await queue.run { () throws(Refusal) -> Int in throw Refusal() } }
    }
}
