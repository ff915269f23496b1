package org.deskline.core.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.deskline.core.directory.Patch;
import org.deskline.core.directory.User;
import org.deskline.core.error.DomainException;
import org.deskline.core.testing.CoreFixture;
import org.deskline.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

class SessionServiceTest {

    @Test
    void usersAndTheAdministratorSignInAndTokensExpireOrAreRevoked() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            String generated = f.sessions.ensureAdmin(null).orElseThrow();
            assertTrue(f.sessions.ensureAdmin(null).isEmpty(), "generated on first start only");
            User u = f.user("101", x -> x.portalPassword = Patch.of("s3cret-pass"));

            Session admin = f.sessions.signIn("admin", generated);
            assertTrue(f.sessions.authenticate(admin.token()).orElseThrow().isAdmin());
            Session user = f.sessions.signIn("101", "s3cret-pass");
            assertEquals(u.id(), f.sessions.authenticate(user.token()).orElseThrow().userId());

            f.sessions.revoke(user.token());
            assertTrue(f.sessions.authenticate(user.token()).isEmpty());
            f.clock.advance(Duration.ofHours(1));
            assertTrue(f.sessions.authenticate(admin.token()).isEmpty(), "expired");
        }
    }

    @Test
    void wrongCredentialsGetTheSameAnswerWhetherOrNotTheUserExists() throws Exception {
        try (CoreFixture f = new CoreFixture(TestDatabase.Kind.H2)) {
            f.user("101", x -> x.portalPassword = Patch.of("s3cret-pass"));
            f.user("102");
            DomainException wrong = assertThrows(DomainException.class, () -> f.sessions.signIn("101", "nope"));
            DomainException unknown = assertThrows(DomainException.class, () -> f.sessions.signIn("999", "nope"));
            DomainException noPassword = assertThrows(DomainException.class, () -> f.sessions.signIn("102", "nope"));
            for (DomainException e : new DomainException[] {wrong, unknown, noPassword}) {
                assertEquals(401, e.status());
                assertEquals(wrong.errorId(), e.errorId());
                assertEquals(wrong.detail(), e.detail());
            }
        }
    }
}
