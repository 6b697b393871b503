import ScenarioLanguage
import Testing

/// The file statements (create, append, rename, link, symlink, unlink, chmod, mkdir, rmdir):
/// what each reads into, paths confined to $tmp, and each mistake at its line:column.
@Suite struct FileStatementTests {
    static let source = Sources.titled(
        "agent a",                                               // 2
        "create $tmp/f",                                         // 3
        "create $tmp/g mode 0600 by a => EEXIST",                // 4
        "append $tmp/f \"more text\" by a",                      // 5
        "append $tmp/f by",                                      // 6
        "rename $tmp/f $tmp/h => ok",                            // 7
        "link $tmp/h $tmp/i by a",                               // 8
        "symlink /etc/passwd $tmp/l",                            // 9
        "unlink $tmp/i => ENOENT",                               // 10
        "chmod 0640 $tmp/h by a",                                // 11
        "mkdir $tmp/d",                                          // 12
        "mkdir ${tmp}/e mode 700 by a",                          // 13
        "rmdir $tmp/d",                                          // 14
        "write $tmp/h hello by a => ok",                         // 15
        "write /proc/$a/loginuid 1000 by a",                     // 16
        "write /proc/self/loginuid 1000 by a",                   // 17
        "write /proc/$a/loginuid 1000 => EPERM"                  // 18
    )

    func actions() throws -> [Action] { try Sources.scenario(Self.source).steps.map(\.action) }

    static func path(_ text: String) -> Template { Template.parse(text, column: 1) }

    @Test func eachStatementReadsIntoItsCall() throws {
        let actions = try actions()
        let files = actions.compactMap { action -> (FileOperation, String?, ExpectedOutcome)? in
            if case .file(let file) = action { return (file.operation, file.actor, file.outcome) }
            return nil
        }
        try #require(files.count == 12)
        let tmp = ["tmp": "/T"]
        guard case .create(let created, 0o644) = files[0].0 else { Issue.record("\(files[0])"); return }
        #expect(created.render(tmp) == "/T/f")
        #expect(files[0].1 == nil && files[0].2 == .success)
        guard case .create(_, 0o600) = files[1].0 else { Issue.record("\(files[1])"); return }
        #expect(files[1].1 == "a" && files[1].2 == .errno("EEXIST"))
        guard case .append(_, let value) = files[2].0 else { Issue.record("\(files[2])"); return }
        #expect(value.render(tmp) == "more text" && files[2].1 == "a")
        // The value is the second word: "by" alone is appended, not read as an option.
        guard case .append(_, let by) = files[3].0 else { Issue.record("\(files[3])"); return }
        #expect(by.render(tmp) == "by" && files[3].1 == nil)
        guard case .rename(let from, let to) = files[4].0 else { Issue.record("\(files[4])"); return }
        #expect(from.render(tmp) == "/T/f" && to.render(tmp) == "/T/h")
        guard case .link = files[5].0, case .symlink(let target, let at) = files[6].0 else { Issue.record("\(files[5...6])"); return }
        #expect(target.render(tmp) == "/etc/passwd" && at.render(tmp) == "/T/l")
        guard case .unlink = files[7].0, case .chmod(_, 0o640) = files[8].0 else { Issue.record("\(files[7...8])"); return }
        guard case .mkdir(_, 0o755) = files[9].0, case .mkdir(let braced, 0o700) = files[10].0,
              case .rmdir = files[11].0 else { Issue.record("\(files[9...11])"); return }
        #expect(braced.render(tmp) == "/T/e")
    }

    @Test func writesToTmpAndToProcessFilesAreAccepted() throws {
        let actions = try actions()
        let writes = actions[13...16].compactMap { action -> WriteStatement? in
            if case .write(let write) = action { return write } else { return nil }
        }
        try #require(writes.count == 4)
        #expect(writes[0...2].allSatisfy { $0.writer == "a" && $0.offset == 0 && $0.outcome == .success && $0.ending == nil })
        #expect(writes[3].writer == nil && writes[3].outcome == .errno("EPERM"))
        #expect(writes[1].path.render(["a": "42"]) == "/proc/42/loginuid")
        #expect(writes[2].path.description == "/proc/self/loginuid")
    }

    // MARK: confinement

    @Test func pathsOutsideTmpAreRefusedAtTheirWord() throws {
        let create = try Sources.diagnostic(Sources.titled("create /etc/passwd"))
        #expect(create.location == SourceLocation(file: Sources.path, line: 2, column: 8))
        #expect(create.message == "'create' works on paths under $tmp only")
        let second = try Sources.diagnostic(Sources.titled("rename $tmp/a /tmp/b"))
        #expect(second.location.column == 15)
        let parent = try Sources.diagnostic(Sources.titled("unlink $tmp/../x"))
        #expect(parent.location.column == 8)
        #expect(parent.message == "'unlink' works on paths under $tmp only")
        let glued = try Sources.diagnostic(Sources.titled("mkdir ${tmp}x"))
        #expect(glued.location.column == 7)
        let chmod = try Sources.diagnostic(Sources.titled("chmod 0777 /"))
        #expect(chmod.location.column == 12)
    }

    @Test func aSymlinkTargetIsOnlyText() throws {
        let scenario = try Sources.scenario(Sources.titled("symlink ../../etc $tmp/up"))
        #expect(scenario.steps.count == 1)
    }

    @Test func writeIsConfinedToTmpAndProcessFiles() throws {
        let etc = try Sources.diagnostic(Sources.titled("write /etc/motd hi"))
        #expect(etc.location == SourceLocation(file: Sources.path, line: 2, column: 7))
        #expect(etc.message == "'write' works on files under $tmp or /proc/$NAME only")
        let sysrq = try Sources.diagnostic(Sources.titled("write /proc/sysrq-trigger c"))
        #expect(sysrq.location.column == 7)
        #expect(sysrq.message == "'write' works on /proc/$NAME/FILE or /proc/$NAME/task/$NAME.tid/FILE, NAME a process the scenario started")
        let root = try Sources.diagnostic(Sources.titled("spawn s sleep 9", "write /proc/$s/root/etc/passwd x"))
        #expect(root.location == SourceLocation(file: Sources.path, line: 3, column: 7))
        #expect(root.message == "'write' may name one file directly under /proc/$NAME/, not a link out of it (root, cwd, exe)")
        let exe = try Sources.diagnostic(Sources.titled("spawn s sleep 9", "write /proc/$s/exe x"))
        #expect(exe.message == root.message)
        let key = try Sources.diagnostic(Sources.titled("write /proc/$key/loginuid 1"))
        #expect(key.message == "'$key' is not a process: /proc/$NAME needs a name bound by agent, spawn, fork or netns")
    }

    @Test func aThreadsTaskFileIsOneOfItsOwnProcess() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "agent t", "thread t",
            "write /proc/$t/task/$t.tid/audit_containerid 5 => threaded",
            "write /proc/$t/task/$t/audit_containerid 5 => threaded"))
        guard case .write(let write) = scenario.steps[2].action, case let path = write.path else { Issue.record("\(scenario.steps[2])"); return }
        #expect(path.render(["t": "40", "t.tid": "41"]) == "/proc/40/task/41/audit_containerid")
        // Another process's thread, a directory that is not task/, a link out of the task directory.
        let other = try Sources.diagnostic(Sources.titled(
            "agent t", "agent u", "thread u", "write /proc/$t/task/$u.tid/audit_containerid 5"))
        #expect(other.location == SourceLocation(file: Sources.path, line: 5, column: 7))
        #expect(other.message == "a task file is /proc/$NAME/task/$NAME.tid/FILE: the thread of that same process")
        let notTask = try Sources.diagnostic(Sources.titled("agent t", "thread t", "write /proc/$t/fd/$t.tid/x 5"))
        #expect(notTask.message == other.message)
        let root = try Sources.diagnostic(Sources.titled("agent t", "thread t", "write /proc/$t/task/$t.tid/root/etc/passwd x"))
        #expect(root.location == SourceLocation(file: Sources.path, line: 4, column: 7))
        #expect(root.message == "'write' may name one file directly under /proc/$NAME/, not a link out of it (root, cwd, exe)")
    }

    @Test func aWriteMayEndItsTargetFirst() throws {
        let scenario = try Sources.scenario(Sources.titled(
            "agent p", "fork kid from p", "fork other from p",
            "write /proc/$kid/audit_containerid 5 by p reaping kid => target-gone",
            "write /proc/$other/audit_containerid 6 by p ending other => no-audit-data"))
        guard case .write(let reaping) = scenario.steps[3].action, case .write(let ending) = scenario.steps[4].action else {
            Issue.record("\(scenario.steps[3...])"); return
        }
        #expect(reaping.writer == "p" && reaping.offset == 0 && reaping.outcome == .refusal("target-gone"))
        #expect(reaping.ending == WriteStatement.Ending(child: "kid", reaps: true))
        #expect(ending.writer == "p" && ending.outcome == .refusal("no-audit-data"))
        #expect(ending.ending == WriteStatement.Ending(child: "other", reaps: false))
        #expect(ending.path.render(["other": "9"]) == "/proc/9/audit_containerid")
        let noWriter = try Sources.diagnostic(Sources.titled("agent p", "fork kid from p", "write /proc/$kid/audit_containerid 5 reaping kid"))
        #expect(noWriter.location == SourceLocation(file: Sources.path, line: 4, column: 38))
        #expect(noWriter.message == "'reaping' needs the writer, the agent that forked 'kid'")
        let spawned = try Sources.diagnostic(Sources.titled("agent p", "spawn s sleep 9", "write /proc/$s/audit_containerid 5 by p ending s"))
        #expect(spawned.location == SourceLocation(file: Sources.path, line: 4, column: 48))
        #expect(spawned.message == "'write ... ending' needs an agent, but 's' is a spawned process")
        let misspelt = try Sources.diagnostic(Sources.titled("agent p", "fork kid from p", "write /proc/$kid/comm x by p reeping kid"))
        #expect(misspelt.location == SourceLocation(file: Sources.path, line: 4, column: 30))
        #expect(misspelt.hint == "did you mean 'reaping'?")
    }

    @Test func procPathsNameProcessesNotValues() throws {
        let value = try Sources.diagnostic(Sources.titled("read pid from /proc/self/stat", "write /proc/$pid/audit_containerid 5"))
        #expect(value.location == SourceLocation(file: Sources.path, line: 3, column: 7))
        #expect(value.message == "'$pid' is a value read from a file, not a process: /proc/$NAME needs a name bound by agent, spawn, fork or netns")
        let inode = try Sources.diagnostic(Sources.titled("agent a", "write /proc/$a.netns/audit_containerid 5"))
        #expect(inode.location == SourceLocation(file: Sources.path, line: 3, column: 7))
        #expect(inode.message == "'$a.netns' is not a process of the scenario: /proc/$NAME needs a name bound by agent, spawn, fork or netns")
    }

    @Test func theRunnersOwnProcFilesAreRefused() throws {
        let error = try Sources.diagnostic(Sources.titled("write /proc/self/loginuid 1000"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 7))
        #expect(error.message == "/proc/self of the runner is the runner itself: write it 'by' an agent")
        let up = try Sources.diagnostic(Sources.titled("agent a", "write /proc/self/../1/loginuid 1 by a"))
        #expect(up.location == SourceLocation(file: Sources.path, line: 3, column: 7))
    }

    // MARK: shapes

    @Test func misspeltOptionsSuggestTheNearest() throws {
        let by = try Sources.diagnostic(Sources.titled("agent a", "unlink $tmp/f bye a"))
        #expect(by.location == SourceLocation(file: Sources.path, line: 3, column: 15))
        #expect(by.message == "'unlink' takes one path")
        #expect(by.hint == "did you mean 'by'?")
        let mode = try Sources.diagnostic(Sources.titled("create $tmp/f mod 0600"))
        #expect(mode.location.column == 15)
        #expect(mode.hint == "did you mean 'mode'?")
        let keyword = try Sources.diagnostic(Sources.titled("renmae $tmp/a $tmp/b"))
        #expect(keyword.location.column == 1)
        #expect(keyword.hint == "did you mean 'rename'?")
    }

    @Test func modesAreOctal() throws {
        let chmod = try Sources.diagnostic(Sources.titled("chmod 0989 $tmp/f"))
        #expect(chmod.location == SourceLocation(file: Sources.path, line: 2, column: 7))
        #expect(chmod.message == "'chmod' takes an octal mode such as 0644 before the path")
        let mkdir = try Sources.diagnostic(Sources.titled("mkdir $tmp/d mode rwx"))
        #expect(mkdir.location.column == 19)
        #expect(mkdir.message == "'mode' takes an octal mode such as 0644")
        let big = try Sources.diagnostic(Sources.titled("chmod 17777 $tmp/f"))
        #expect(big.location.column == 7)
    }

    @Test func outcomesAreOkOrAnErrno() throws {
        let exit = try Sources.diagnostic(Sources.titled("create $tmp/f => exit 1"))
        #expect(exit.location == SourceLocation(file: Sources.path, line: 2, column: 1))
        #expect(exit.message == "'create' ends in ok or an errno name, not exit 1")
        let errno = try Sources.diagnostic(Sources.titled("rmdir $tmp/d => ENOTEMTPY"))
        #expect(errno.location.column == 17)
        #expect(errno.hint == "did you mean 'ENOTEMPTY'?")
    }

    @Test func theActorMustBeAnAgent() throws {
        let spawned = try Sources.diagnostic(Sources.titled("spawn s sleep 9", "create $tmp/f by s"))
        #expect(spawned.location == SourceLocation(file: Sources.path, line: 3, column: 18))
        #expect(spawned.message == "'create ... by' needs an agent, but 's' is a spawned process")
        let unbound = try Sources.diagnostic(Sources.titled("agent writer", "mkdir $tmp/d by wrter"))
        #expect(unbound.location.column == 17)
        #expect(unbound.hint == "did you mean 'writer'?")
    }

    @Test func unboundVariablesInPathsAndValues() throws {
        let error = try Sources.diagnostic(Sources.titled("append $tmp/f $kye"))
        #expect(error.location == SourceLocation(file: Sources.path, line: 2, column: 15))
        #expect(error.hint == "did you mean '$key'?")
    }
}
