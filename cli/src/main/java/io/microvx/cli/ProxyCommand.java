package io.microvx.cli;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/** A command that talks to the proxy: opens a session, runs, closes, returns the exit status. */
abstract class ProxyCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  GlobalOptions global() {
    return ((Micro) spec.root().userObject()).global;
  }

  Output output() {
    return new Output(System.out, System.err, global().format());
  }

  @Override
  public Integer call() {
    Output out = output();
    try (Session session = new Session(global())) {
      return execute(session, out);
    }
  }

  abstract int execute(Session session, Output out);
}
