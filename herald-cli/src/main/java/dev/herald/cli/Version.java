package dev.herald.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version this jar was built as. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"herald " + (version == null ? "development build" : version)};
    }
}
