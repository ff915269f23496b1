package org.deskline.server;

import java.io.PrintStream;

/** What the server prints, once, to the console on first start. Never written to the log. */
final class FirstStart {
    private FirstStart() {
    }

    static void printAdminPassword(PrintStream console, String password) {
        console.println();
        console.println("  Deskline administrator account created (shown once, store it now):");
        console.println("    username: admin");
        console.println("    password: " + password);
        console.println("  Change it with --admin-password or DESKLINE_ADMIN_PASSWORD.");
        console.println();
        console.flush();
    }
}
