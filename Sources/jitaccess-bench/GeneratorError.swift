import Foundation
import JITAccessCore

/// A generated name that does not parse: a mistake in the generator, not in any input.
struct GeneratorError: Error, CustomStringConvertible {
    let description: String
}
