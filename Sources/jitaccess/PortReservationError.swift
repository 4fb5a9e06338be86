import Synchronization

/// No port could be reserved.
struct PortReservationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
