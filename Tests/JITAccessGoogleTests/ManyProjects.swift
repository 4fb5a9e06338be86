import Foundation

/// A cloud file with `projects` projects (`project-0001`, …, without numbers, so the emulator
/// derives them) under the organization `100000000001`: odd ones in folder `200000000001`,
/// even ones in folder `200000000002`, which is inside folder `200000000001`. Every project
/// grants `roles/viewer` to `user:alice@example.com`; the organization grants `roles/browser`
/// to `domain:example.com`; the folders have no policy, and `project-0001` has an empty one.
func manyProjectsCloud(projects: Int) -> String {
    let entries = (1...projects).map { index in
        let id = String(format: "project-%04d", index)
        let parent = index % 2 == 1 ? "folders/200000000001" : "folders/200000000002"
        let policy = index == 1 ? #"{"version":3}"# : #"{"version":3,"bindings":[{"role":"roles/viewer","members":["user:alice@example.com"]}]}"#
        return #"{"id":"\#(id)","parent":"\#(parent)","policy":\#(policy)}"#
    }
    return #"""
        {"organization":{"id":"100000000001","displayName":"example.com","policy":{"version":3,"bindings":[{"role":"roles/browser","members":["domain:example.com"]}]}},
         "folders":[{"id":"200000000001","parent":"organizations/100000000001"},{"id":"200000000002","parent":"folders/200000000001"}],
         "projects":[\#(entries.joined(separator: ",\n"))],
         "groups":[]}
        """#
}
