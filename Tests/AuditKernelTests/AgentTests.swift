import Foundation
import POSIXSupport
import SystemTypes
import Testing

/// Processes the runner commands: a child with a child, a second thread, a grandchild,
/// signals, ptrace, and writes made by a chosen process with the errno of that very write.
@Suite(.machineExclusive, .requires(LiveMachine.prerequisite))
struct AgentTests {
    /// Runs `body`, then checks that every agent it made is gone and nothing was added.
    func leavingNothingBehind(_ body: () throws -> [Int32]) throws {
        let before = try Census.take()
        let pids = try body()
        for pid in pids { #expect(LiveMachine.isGone(pid), "process \(pid) outlived its handle") }
        let after = try Census.take()
        #expect(after == before, "before: \(before)\nafter: \(after)")
    }

    @Test func aChildWithAChildOfItsOwnAndAGrandchild() throws {
        try leavingNothingBehind {
            let parent = try Agent()
            let child = try parent.fork()
            let grandchild = try child.fork()
            #expect(ProcStatus(pid: child.pid)?.parentPid == parent.pid)
            #expect(ProcStatus(pid: grandchild.pid)?.parentPid == child.pid)
            #expect(ProcStatus(pid: parent.pid)?.parentPid == getpid())
            // Each answers for itself.
            #expect(try child.read("/proc/self/stat").map { String(decoding: $0, as: UTF8.self).hasPrefix("\(child.pid) ") } == .success(true))
            let pids = [parent.pid, child.pid, grandchild.pid]
            grandchild.stop()
            #expect(!grandchild.isRunning)
            #expect(try grandchild.wait(until: Poller.now() + 5) == .signaled(SIGKILL), "reaped by its parent agent")
            child.stop()
            parent.stop()
            return pids
        }
    }

    @Test func aGrandchildEndsWithTheTreeWhenItsHandlesGo() throws {
        try leavingNothingBehind {
            var pids: [Int32] = []
            do {
                let parent = try Agent()
                let child = try parent.fork()
                let grandchild = try child.fork()
                pids = [parent.pid, child.pid, grandchild.pid]
            }
            return pids
        }
    }

    @Test func anEndedAgentAnswersNothing() throws {
        try leavingNothingBehind {
            let agent = try Agent()
            agent.stop()
            #expect { try agent.fork() } throws: { error in
                if case .gone = error as? AgentFailure { return true }
                return false
            }
            #expect { try agent.startThread() } throws: { error in
                if case .gone = error as? AgentFailure { return true }
                return false
            }
            return [agent.pid]
        }
    }

    @Test func aSecondThreadIsCountedBeforeTheAnswer() throws {
        try leavingNothingBehind {
            let agent = try Agent()
            #expect(ProcStatus(pid: agent.pid)?.threads == 1)
            let tid = try agent.startThread()
            #expect(ProcStatus(pid: agent.pid)?.threads == 2)
            #expect(FileManager.default.fileExists(atPath: "/proc/\(agent.pid)/task/\(tid)"))
            #expect(tid != agent.pid)
            agent.stop()
            return [agent.pid]
        }
    }

    @Test func execReplacesTheAgentOrSaysWhyNot() throws {
        try leavingNothingBehind {
            let agent = try Agent()
            let child = try agent.fork()
            #expect { try child.exec(["/nonexistent/program"]) } throws: { error in
                guard case .channel(let kernel) = error as? AgentFailure else { return false }
                return kernel.errno == .noSuchFileOrDirectory
            }
            try child.exec(["sleep", "1000"])
            let comm = try String(contentsOfFile: "/proc/\(child.pid)/comm", encoding: .utf8)
            #expect(comm == "sleep\n")
            child.stop()
            agent.stop()
            return [agent.pid, child.pid]
        }
    }

    @Test func signalsFromTheRunnerAndFromAnAgent() throws {
        try leavingNothingBehind {
            let target = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"]))
            #expect { try target.signal(12345) } throws: { ($0 as? KernelError)?.errno == .invalidArgument }
            try target.signal(SIGTERM)
            #expect(try target.wait(until: Poller.now() + 10) == .signaled(SIGTERM))
            #expect { try target.signal(SIGTERM) } throws: { ($0 as? KernelError)?.errno == .noSuchProcess }

            // kill(2) from a process of another uid: EPERM; from root: delivered.
            let victim = try ChildProcess(spec: SpawnSpec(argv: ["sleep", "1000"]))
            let nobody = try Agent(spec: SpawnSpec(argv: ["agent"], user: (65534, 65534)))
            #expect(try nobody.signal(SIGTERM, to: victim.pid).errno == .notPermitted)
            let root = try Agent()
            #expect(try root.signal(SIGTERM, to: victim.pid).errno == nil)
            #expect(try victim.wait(until: Poller.now() + 10) == .signaled(SIGTERM))
            #expect(try root.signal(SIGTERM, to: victim.pid).errno != nil, "gone (or a zombie) is ESRCH or nothing to deliver to")
            nobody.stop()
            root.stop()
            return [target.pid, victim.pid, nobody.pid, root.pid]
        }
    }

    @Test func ptraceAttachStopsAndDetachLetsGo() throws {
        try leavingNothingBehind {
            let target = try Agent()
            let tracer = try Agent()
            #expect(try tracer.ptraceAttach(target.pid).errno == nil)
            let traced = try String(contentsOfFile: "/proc/\(target.pid)/status", encoding: .utf8)
            #expect(traced.contains("TracerPid:\t\(tracer.pid)\n"))
            #expect(traced.contains("State:\tt (tracing stop)"))
            #expect(try tracer.ptraceDetach(target.pid).errno == nil)
            let free = try String(contentsOfFile: "/proc/\(target.pid)/status", encoding: .utf8)
            #expect(free.contains("TracerPid:\t0\n"))
            // It runs on: it still answers.
            #expect(try target.read("/proc/self/comm").isSuccess)

            // Refusals: a tracer of another uid (EPERM), a target that does not exist (ESRCH).
            let nobody = try Agent(spec: SpawnSpec(argv: ["agent"], user: (65534, 65534)))
            #expect(try nobody.ptraceAttach(target.pid).errno == .notPermitted)
            #expect(try tracer.ptraceAttach(Int32.max - 1).errno == .noSuchProcess)
            #expect(try tracer.ptraceDetach(target.pid).errno == .noSuchProcess, "not traced: nothing to detach")
            for agent in [nobody, tracer, target] { agent.stop() }
            return [target.pid, tracer.pid, nobody.pid]
        }
    }

    /// loginuid can be written only by its own task: who writes decides, which is what the
    /// writer context is for (audit_containerid has the same kind of rules, see WriterTests).
    @Test func theWriterIsTheProcessAsked() throws {
        try leavingNothingBehind {
            let target = try Agent()
            let sibling = try Agent()
            let path = ProcFile.loginUIDPath(of: target.pid)
            #expect(try ProcWriter.runner.write("1000", to: path).errno == .notPermitted, "the parent is not the task")
            #expect(try ProcWriter.process(sibling).write("1000", to: path).errno == .notPermitted)
            #expect(try ProcWriter.process(target).write("1000", to: path, offset: 1).errno == .invalidArgument, "offset 1")
            #expect(try ProcWriter.process(target).write("abc", to: path).errno == .invalidArgument)
            #expect(try ProcWriter.process(target).write("1000", to: path).errno == nil)
            #expect(try target.read(path) == .success(Array("1000".utf8)))
            #expect(try ProcWriter.process(target).write("1000", to: "/proc/\(target.pid)/no-such-file").errno == .noSuchFileOrDirectory)
            target.stop()
            sibling.stop()
            return [target.pid, sibling.pid]
        }
    }

    /// Without CAP_AUDIT_CONTROL a set loginuid cannot be changed; with it, it can.
    @Test func droppingAuditControlIsSeenByTheKernel() throws {
        try leavingNothingBehind {
            let capless = try Agent(spec: SpawnSpec(argv: ["agent"], dropCapabilities: [.auditControl]))
            let capable = try Agent()
            #expect(ProcStatus(pid: capless.pid)?.has(.auditControl) == false)
            #expect(ProcStatus(pid: capable.pid)?.has(.auditControl) == true)
            let inherited = String(decoding: try capless.read(ProcFile.loginUIDPath(of: capless.pid)).get(), as: UTF8.self)
            if inherited == "4294967295" {
                // Unset: the first setting needs no privilege.
                #expect(try capless.write("1000", to: ProcFile.loginUIDPath(of: capless.pid)).errno == nil)
                #expect(try capable.write("1000", to: ProcFile.loginUIDPath(of: capable.pid)).errno == nil)
            }
            #expect(try capless.write("1001", to: ProcFile.loginUIDPath(of: capless.pid)).errno == .notPermitted)
            #expect(try capable.write("1001", to: ProcFile.loginUIDPath(of: capable.pid)).errno == nil)
            capless.stop()
            capable.stop()
            return [capless.pid, capable.pid]
        }
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
}
