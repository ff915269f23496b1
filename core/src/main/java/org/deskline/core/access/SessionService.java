package org.deskline.core.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.deskline.core.directory.DirectoryRepository;
import org.deskline.core.directory.DirectoryView;
import org.deskline.core.directory.User;
import org.deskline.core.directory.UserId;
import org.deskline.core.error.DomainException;
import org.deskline.core.persistence.Jdbc;
import org.deskline.core.security.PasswordHasher;
import org.deskline.core.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Portal sign-in: the built-in {@code admin} account and users (extension and portal password).
 * Tokens are random, stored only as their SHA-256, expire after a fixed time and can be revoked.
 *
 * <p>Threading: safe from any thread; {@link #authenticate} answers from memory after the first look-up
 * of a token. Blocking (database, slow hashes) in {@link #signIn}.
 */
public final class SessionService {
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);
    public static final String ADMIN_USERNAME = "admin";
    private static final String WRONG = "Wrong username or password";

    private final Jdbc jdbc;
    private final DirectoryView view;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Session> cache = new ConcurrentHashMap<>();
    private final List<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();

    public SessionService(Jdbc jdbc, DirectoryView view, PasswordHasher hasher, Clock clock, Duration ttl) {
        this.jdbc = jdbc;
        this.view = view;
        this.hasher = hasher;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Makes sure the {@code admin} account exists. With a password, sets it; without one, creates the
     * account with a generated password on first start only.
     *
     * @return the generated password, to be shown once; empty when none was generated
     */
    public Optional<String> ensureAdmin(String password) {
        boolean exists = jdbc.queryOne("SELECT 1 FROM admin_accounts WHERE username = ?", rs -> 1, ADMIN_USERNAME)
                .isPresent();
        if (password != null) {
            String hash = hasher.hash(password);
            if (exists) {
                jdbc.update("UPDATE admin_accounts SET password_hash = ? WHERE username = ?", hash, ADMIN_USERNAME);
            } else {
                jdbc.update("INSERT INTO admin_accounts (username, password_hash, created_at) VALUES (?, ?, ?)",
                        ADMIN_USERNAME, hash, clock.instant());
            }
            return Optional.empty();
        }
        if (exists) {
            return Optional.empty();
        }
        String generated = Secrets.password(16);
        jdbc.update("INSERT INTO admin_accounts (username, password_hash, created_at) VALUES (?, ?, ?)",
                ADMIN_USERNAME, hasher.hash(generated), clock.instant());
        return Optional.of(generated);
    }

    /** Signs in; the same 401 whether the account is unknown, has no password or the password is wrong. */
    public Session signIn(String username, String password) {
        Principal principal = check(username, password)
                .orElseThrow(() -> new DomainException(401, "invalid-credentials", "Unauthorized", WRONG));
        String token = Secrets.token();
        Instant now = clock.instant();
        Session session = new Session(token, principal, now.plus(ttl));
        jdbc.update("INSERT INTO portal_sessions (token_hash, role, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                Secrets.tokenHash(token), principal.role(), principal.userId() == null ? null : principal.userId().value(),
                now, session.expiresAt());
        jdbc.update("DELETE FROM portal_sessions WHERE expires_at < ?", now);
        log.info("Portal sign-in: {}", principal.username());
        return session;
    }

    /** The principal of a live token; empty for an unknown, expired or revoked one. */
    public Optional<Principal> authenticate(String token) {
        return session(token).map(Session::principal);
    }

    /** The live session of a token, with its expiry; empty for an unknown, expired or revoked one. */
    public Optional<Session> session(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.tokenHash(token);
        Instant now = clock.instant();
        Session s = cache.get(hash);
        if (s == null) {
            s = jdbc.queryOne("SELECT role, user_id, expires_at FROM portal_sessions WHERE token_hash = ?",
                    rs -> {
                        Role role = Role.valueOf(rs.getString("role").toUpperCase(java.util.Locale.ROOT));
                        Long uid = Jdbc.nullableLong(rs, "user_id");
                        Instant exp = Jdbc.instant(rs, "expires_at");
                        return new Session(null, principalOf(role, uid), exp);
                    }, hash).orElse(null);
            if (s == null || s.principal() == null) {
                return Optional.empty();
            }
            cache.put(hash, s);
        }
        if (!now.isBefore(s.expiresAt())) {
            cache.remove(hash);
            return Optional.empty();
        }
        if (s.principal().userId() != null && view.user(s.principal().userId()).isEmpty()) {
            cache.remove(hash);
            return Optional.empty();
        }
        return Optional.of(new Session(token, s.principal(), s.expiresAt()));
    }

    /** Signs a session out; then tells the revocation listeners (which close its live connections). */
    public void revoke(String token) {
        String hash = Secrets.tokenHash(token);
        cache.remove(hash);
        jdbc.update("DELETE FROM portal_sessions WHERE token_hash = ?", hash);
        for (Consumer<String> listener : revocationListeners) {
            try {
                listener.accept(token);
            } catch (RuntimeException e) {
                log.warn("Revocation listener failed", e);
            }
        }
    }

    /** Called with the token of every session signed out, on the signing-out thread; must not block. */
    public void addRevocationListener(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    private Principal principalOf(Role role, Long userId) {
        if (role == Role.ADMIN) {
            return Principal.admin(ADMIN_USERNAME);
        }
        return view.user(new UserId(userId)).map(u -> Principal.user(u.id(), u.extension())).orElse(null);
    }

    private Optional<Principal> check(String username, String password) {
        if (username == null || password == null) {
            hasher.burn(password);
            return Optional.empty();
        }
        if (ADMIN_USERNAME.equals(username)) {
            String hash = jdbc.queryOne("SELECT password_hash FROM admin_accounts WHERE username = ?",
                    rs -> rs.getString(1), ADMIN_USERNAME).orElse(null);
            return verify(password, hash) ? Optional.of(Principal.admin(ADMIN_USERNAME)) : Optional.empty();
        }
        Optional<User> user = view.userByExtension(username);
        String hash = user.isEmpty() ? null
                : jdbc.inTransaction(c -> DirectoryRepository.portalPasswordHash(c, user.get().id())).orElse(null);
        if (!verify(password, hash)) {
            return Optional.empty();
        }
        return Optional.of(Principal.user(user.get().id(), user.get().extension()));
    }

    private boolean verify(String password, String hash) {
        if (hash == null) {
            hasher.burn(password);
            return false;
        }
        return hasher.verify(password, hash);
    }
}
