package org.xmcbench.cli;

import picocli.CommandLine;

/** Version from the jar manifest (set by Maven), or "dev" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"xmcbench " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ")"};
    }
}
