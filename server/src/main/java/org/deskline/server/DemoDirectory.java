package org.deskline.server;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.deskline.core.directory.Device;
import org.deskline.core.directory.DeviceFields;
import org.deskline.core.directory.DialPermission;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserFields;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.provisioning.ProvisioningService;
import org.deskline.core.security.Secrets;

/**
 * {@code --demo}: on first start, four users (101–104) and four phones, so a newcomer can register a
 * softphone and try {@code *35} at once. Credentials are generated and printed once.
 */
final class DemoDirectory {
    private static final String SEEDED = "demo_seeded";

    private final ProvisioningService provisioning;
    private final Jdbc jdbc;

    DemoDirectory(ProvisioningService provisioning, Jdbc jdbc) {
        this.provisioning = provisioning;
        this.jdbc = jdbc;
    }

    private record DemoUser(String extension, String name, String outbound, boolean telecommuter) {
    }

    void seedOnce(PrintStream console, DesklineConfig config) {
        if (jdbc.queryOne("SELECT setting_value FROM system_settings WHERE setting_name = ?", rs -> rs.getString(1), SEEDED).isPresent()) {
            return;
        }
        if (!provisioning.users().isEmpty() || !provisioning.devices().isEmpty()) {
            console.println("  --demo: the directory is not empty, no demo data added.");
            return;
        }
        List<DemoUser> people = List.of(
                new DemoUser("101", "Alice Archer", "+31205550101", true),
                new DemoUser("102", "Bob Bakker", "+31205550102", false),
                new DemoUser("103", "Carla de Vries", "+31205550103", true),
                new DemoUser("104", "Daan Jansen", "+31205550104", false));
        List<String> lines = new ArrayList<>();
        List<User> users = new ArrayList<>();
        for (DemoUser p : people) {
            String password = Secrets.password(10);
            UserFields f = new UserFields();
            f.extension = Patch.of(p.extension());
            f.name = Patch.of(p.name());
            f.outboundNumber = Patch.of(p.outbound());
            f.portalPassword = Patch.of(password);
            f.hotdeskAllowed = Patch.of(true);
            f.telecommuterAllowed = Patch.of(p.telecommuter());
            f.telecommuterNumber = Patch.of(p.telecommuter() ? "+3161234" + p.extension() + "0" : null);
            f.voicemailEnabled = Patch.of(false);
            f.callWaiting = Patch.of(true);
            f.dialPermission = Patch.of(DialPermission.NATIONAL);
            User u = provisioning.createUser(f);
            users.add(u);
            String pin = provisioning.generatePin(u.id());
            lines.add(String.format("    %-4s %-16s portal password %-12s PIN %s   (*35*%s*%s)", p.extension(), p.name(),
                    password, pin, p.extension(), pin));
        }
        List<String> phones = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String password = Secrets.password(12);
            DeviceFields f = new DeviceFields();
            f.name = Patch.of(i <= 2 ? "Desk phone " + i : "Hot desk " + i);
            f.sipUsername = Patch.of("phone" + i);
            f.sipPassword = Patch.of(password);
            f.hotdeskEnabled = Patch.of(true);
            f.assignedUserId = Patch.of(i <= 2 ? users.get(i - 1).id() : null);
            Device d = provisioning.createDevice(f);
            phones.add(String.format("    %-8s %-12s password %-14s %s", d.sipUsername(), d.name(), password,
                    i <= 2 ? "assigned to " + users.get(i - 1).extension() : "no owner: log in with *35"));
        }
        jdbc.update("INSERT INTO system_settings (setting_name, setting_value) VALUES (?, ?)", SEEDED, "true");

        String server = config.advertisedAddress() + ":" + config.sipPort();
        console.println();
        console.println("  Deskline demo directory (credentials shown once):");
        console.println("  Users (portal: http://" + config.bind() + ":" + config.httpPort() + "/ , username = extension):");
        lines.forEach(console::println);
        console.println("  Phones (register as sip:<username>@" + server + ", realm " + config.sipRealm() + "):");
        phones.forEach(console::println);
        console.println();
        console.flush();
    }
}
