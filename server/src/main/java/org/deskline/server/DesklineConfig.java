package org.deskline.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the server is configured with, typed, after flags, environment and config file have been
 * merged (see {@link Main}). Defaults live in {@link Main}'s option declarations, the one reference.
 */
public record DesklineConfig(
        int httpPort,
        int sipPort,
        String bind,
        String advertise,
        Path dataDir,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String adminPassword,
        String trunk,
        boolean demo,
        String sipRealm,
        Set<String> emergencyNumbers,
        Duration sessionTtl,
        int hotdeskMaxFailures,
        Duration hotdeskLockout,
        int passwordHashIterations,
        SipOptions sip,
        MediaOptions media,
        TelecommuterOptions telecommuter) {

    public DesklineConfig withTrunk(String uri) {
        return new DesklineConfig(httpPort, sipPort, bind, advertise, dataDir, jdbcUrl, jdbcUser, jdbcPassword,
                adminPassword, uri, demo, sipRealm, emergencyNumbers, sessionTtl, hotdeskMaxFailures, hotdeskLockout,
                passwordHashIterations, sip, media, telecommuter);
    }

    public DesklineConfig withSip(java.util.function.UnaryOperator<SipOptions> change) {
        return new DesklineConfig(httpPort, sipPort, bind, advertise, dataDir, jdbcUrl, jdbcUser, jdbcPassword,
                adminPassword, trunk, demo, sipRealm, emergencyNumbers, sessionTtl, hotdeskMaxFailures, hotdeskLockout,
                passwordHashIterations, change.apply(sip), media, telecommuter);
    }

    /** The address put in Via, Contact and SDP: {@code --advertise}, else the bind address. */
    public String advertisedAddress() {
        return advertise == null || advertise.isBlank() ? bind : advertise;
    }

    public DesklineConfig withMedia(MediaOptions m) {
        return new DesklineConfig(httpPort, sipPort, bind, advertise, dataDir, jdbcUrl, jdbcUser, jdbcPassword,
                adminPassword, trunk, demo, sipRealm, emergencyNumbers, sessionTtl, hotdeskMaxFailures, hotdeskLockout,
                passwordHashIterations, sip, m, telecommuter);
    }

    public DesklineConfig withTelecommuter(java.util.function.UnaryOperator<TelecommuterOptions> change) {
        return new DesklineConfig(httpPort, sipPort, bind, advertise, dataDir, jdbcUrl, jdbcUser, jdbcPassword,
                adminPassword, trunk, demo, sipRealm, emergencyNumbers, sessionTtl, hotdeskMaxFailures, hotdeskLockout,
                passwordHashIterations, sip, media, change.apply(telecommuter));
    }
}
