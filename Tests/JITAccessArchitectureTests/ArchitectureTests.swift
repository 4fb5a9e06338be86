import Foundation
import Testing

/// The architecture holds in the code, not only in docs/architecture.md: each module imports
/// what the dependency rule allows, declares what it imports, and keeps one type per file.
@Suite struct ArchitectureTests {
    let tree = SourceTree.repository

    @Test func everyModuleImportsOnlyWhatTheRuleAllows() throws {
        var problems: [String] = []
        for target in try tree.targets() where target.folder.hasPrefix("Sources/") {
            var imports = Set<String>()
            for file in try tree.swiftFiles(under: target.folder) {
                let source = try tree.text(file)
                imports.formUnion(ImportCheck.imports(in: source))
                if target.name == "JITAccessCore" { problems += ImportCheck.domainIO(in: source).map { "\(file.lastPathComponent): \($0)" } }
            }
            problems += ImportCheck.forbidden(module: target.name, imports: imports)
        }
        #expect(problems == [])
    }

    @Test func everyImportIsDeclaredInPackageSwift() throws {
        var problems: [String] = []
        for target in try tree.targets() {
            var imports = Set<String>()
            for file in try tree.swiftFiles(under: target.folder) {
                imports.formUnion(ImportCheck.imports(in: try tree.text(file)))
            }
            problems += ImportCheck.undeclared(target: target.name, imports: imports, declared: target.dependencies)
        }
        #expect(problems == [])
    }

    /// The check itself: a forbidden import is caught, so the tests above can fail.
    @Test func aForbiddenImportIsCaught() {
        let web = ImportCheck.imports(in: "import Hummingbird\n#if DEBUG\n@testable import JITAccessMail\n#endif\nimport JITAccessCore\n")
        #expect(web == ["Hummingbird", "JITAccessMail", "JITAccessCore"])
        #expect(ImportCheck.forbidden(module: "JITAccessWeb", imports: web) == ["JITAccessWeb imports JITAccessMail, which the module map does not allow it"])
        #expect(ImportCheck.forbidden(module: "JITAccessCore", imports: ["Foundation"]) == ["JITAccessCore imports Foundation, which the module map does not allow it"])
        #expect(ImportCheck.forbidden(module: "JITAccessLocal", imports: ["JITAccessGoogle"]) != [])
        #expect(ImportCheck.forbidden(module: "JITAccessNew", imports: []) != [], "a module outside the map")
        #expect(ImportCheck.undeclared(target: "JITAccessWeb", imports: ["HTTPTypes", "Foundation"], declared: ["JITAccessCore"]) == [
            "JITAccessWeb imports HTTPTypes without declaring it in Package.swift",
        ])
        #expect(ImportCheck.domainIO(in: "let x = 1\nprint(x)") == ["the domain calls print("])
    }

    @Test func everyTypeLivesInAFileNamedAfterIt() throws {
        var problems: [String] = []
        for folder in ["Sources", "Tests"] {
            for file in try tree.swiftFiles(under: folder) {
                problems += TypeFiles.misplaced(in: try tree.text(file), file: file.lastPathComponent)
            }
        }
        #expect(problems == [])
    }

    @Test func aTypeInAFileNamedForAnotherIsCaught() {
        let source = "/// Doc.\npublic struct Outbox {\n}\n\nstruct OutboxMessage {\n    struct Nested {}\n}\nextension String {}\n"
        #expect(TypeFiles.misplaced(in: source, file: "Outbox.swift") == ["Outbox.swift declares OutboxMessage"])
        #expect(TypeFiles.misplaced(in: source, file: "Outbox+Reading.swift") == ["Outbox+Reading.swift declares OutboxMessage"])
        #expect(TypeFiles.misplaced(in: "@Suite struct OutboxTests {}\nstruct Other {}", file: "OutboxTests.swift") == ["OutboxTests.swift declares Other"])
    }
}
