/// The import rules: what each module may import (``ModuleMap``), and that every import is
/// declared in `Package.swift`.
enum ImportCheck {
    /// The modules a Swift file imports, `#if` branches included.
    static func imports(in source: String) -> Set<String> {
        let pattern = /(?m)^\s*(?:@testable\s+|@_implementationOnly\s+|public\s+|package\s+|internal\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][A-Za-z0-9_]*)/
        return Set(source.matches(of: pattern).map { String($0.1) })
    }

    /// What is wrong with `module` importing `imports`: modules the map does not allow it.
    static func forbidden(module: String, imports: Set<String>) -> [String] {
        guard let project = ModuleMap.projectImports[module], let others = ModuleMap.otherImports[module] else {
            return ["\(module) is not in the module map; add it to ModuleMap and docs/architecture.md"]
        }
        return imports.subtracting(ModuleMap.standard).sorted().compactMap { imported in
            let isProject = ModuleMap.projectImports[imported] != nil
            if isProject ? project.contains(imported) : others.contains(imported) { return nil }
            return "\(module) imports \(imported), which the module map does not allow it"
        }
    }

    /// Imports of `target` that `Package.swift` does not declare for it (system modules aside).
    static func undeclared(target: String, imports: Set<String>, declared: Set<String>) -> [String] {
        let implicit = ModuleMap.standard.union(ModuleMap.libc).union(ModuleMap.foundation).union(["Testing", "XCTest"])
        return imports.subtracting(implicit).subtracting(declared).subtracting([target]).sorted().map {
            "\(target) imports \($0) without declaring it in Package.swift"
        }
    }

    /// Calls to the standard library that do I/O, which the domain must not make.
    static func domainIO(in source: String) -> [String] {
        source.matches(of: /\b(print|readLine|FileHandle|fopen|getenv)\(/).map { "the domain calls \($0.1)(" }
    }
}
