package org.deskline.core.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory and hot-desk bindings held in memory, so that call routing and registration never
 * wait for the database.
 *
 * <p>Threading: reads are lock-free from any thread (SIP threads included). Mutations come only from
 * {@link DirectoryWriter} after the matching database transaction has committed, one writer at a
 * time; a reader may briefly see one index updated before another, never a torn record.
 */
public final class DirectoryView {
    private final Map<UserId, User> users = new ConcurrentHashMap<>();
    private final Map<String, User> usersByExtension = new ConcurrentHashMap<>();
    private final Map<String, User> usersByOutbound = new ConcurrentHashMap<>();
    private final Map<String, User> usersByTelecommuterNumber = new ConcurrentHashMap<>();
    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Map<String, Device> devicesBySipUsername = new ConcurrentHashMap<>();
    private final Map<String, SipCredentials> credentials = new ConcurrentHashMap<>();
    private final Map<DeviceId, DeviceLogin> loginsByDevice = new ConcurrentHashMap<>();
    private final Map<UserId, DeviceLogin> loginsByUser = new ConcurrentHashMap<>();
    private final Map<UserId, DeviceId> baseDevices = new ConcurrentHashMap<>();

    // ---- reads

    public Optional<User> user(UserId id) {
        return Optional.ofNullable(users.get(id));
    }

    public Optional<User> userByExtension(String extension) {
        return Optional.ofNullable(usersByExtension.get(extension));
    }

    public Optional<User> userByOutboundNumber(String number) {
        return Optional.ofNullable(usersByOutbound.get(number));
    }

    /** The user in telecommuter mode whose telecommuter number is exactly {@code number}, if any. */
    public Optional<User> userByTelecommuterNumber(String number) {
        return Optional.ofNullable(usersByTelecommuterNumber.get(number));
    }

    public Optional<Device> device(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    public Optional<Device> deviceBySipUsername(String sipUsername) {
        return Optional.ofNullable(devicesBySipUsername.get(sipUsername));
    }

    public Optional<SipCredentials> credentials(String sipUsername) {
        return Optional.ofNullable(credentials.get(sipUsername));
    }

    /** The login on a device: who the device rings for and calls as. */
    public Optional<DeviceLogin> loginOnDevice(DeviceId device) {
        return Optional.ofNullable(loginsByDevice.get(device));
    }

    public Optional<User> userOnDevice(DeviceId device) {
        DeviceLogin login = loginsByDevice.get(device);
        return login == null ? Optional.empty() : user(login.userId());
    }

    /** The device carrying the user now, if any. */
    public Optional<DeviceLogin> loginOfUser(UserId user) {
        return Optional.ofNullable(loginsByUser.get(user));
    }

    /** The device assigned to the user (their base device), if any. */
    public Optional<DeviceId> baseDeviceOf(UserId user) {
        return Optional.ofNullable(baseDevices.get(user));
    }

    public UserMode modeOf(User user) {
        return UserMode.of(user.routingMode(), loginsByUser.containsKey(user.id()));
    }

    public List<User> users() {
        List<User> all = new ArrayList<>(users.values());
        all.sort(Comparator.comparing(User::extension));
        return all;
    }

    public List<Device> devices() {
        List<Device> all = new ArrayList<>(devices.values());
        all.sort(Comparator.comparing((Device d) -> d.id().value()));
        return all;
    }

    public int userCount() {
        return users.size();
    }

    public int deviceCount() {
        return devices.size();
    }

    // ---- mutations: DirectoryWriter only, after commit

    void putUser(User user) {
        User old = users.put(user.id(), user);
        if (old != null) {
            usersByExtension.remove(old.extension(), old);
            if (old.outboundNumber() != null) {
                usersByOutbound.remove(old.outboundNumber(), old);
            }
            if (old.telecommuterNumber() != null) {
                usersByTelecommuterNumber.remove(old.telecommuterNumber(), old);
            }
        }
        usersByExtension.put(user.extension(), user);
        if (user.outboundNumber() != null) {
            usersByOutbound.put(user.outboundNumber(), user);
        }
        if (user.routingMode() == RoutingMode.TELECOMMUTER && user.telecommuterNumber() != null) {
            usersByTelecommuterNumber.put(user.telecommuterNumber(), user);
        }
    }

    void removeUser(UserId id) {
        User old = users.remove(id);
        if (old != null) {
            usersByExtension.remove(old.extension(), old);
            if (old.outboundNumber() != null) {
                usersByOutbound.remove(old.outboundNumber(), old);
            }
            if (old.telecommuterNumber() != null) {
                usersByTelecommuterNumber.remove(old.telecommuterNumber(), old);
            }
        }
        DeviceLogin login = loginsByUser.remove(id);
        if (login != null) {
            loginsByDevice.remove(login.deviceId(), login);
        }
        baseDevices.remove(id);
    }

    void putDevice(Device device, SipCredentials creds) {
        Device old = devices.put(device.id(), device);
        if (old != null) {
            devicesBySipUsername.remove(old.sipUsername(), old);
            credentials.remove(old.sipUsername());
            if (old.assignedUserId() != null) {
                baseDevices.remove(old.assignedUserId(), old.id());
            }
        }
        devicesBySipUsername.put(device.sipUsername(), device);
        credentials.put(device.sipUsername(), creds);
        if (device.assignedUserId() != null) {
            baseDevices.put(device.assignedUserId(), device.id());
        }
    }

    void removeDevice(DeviceId id) {
        Device old = devices.remove(id);
        if (old != null) {
            devicesBySipUsername.remove(old.sipUsername(), old);
            credentials.remove(old.sipUsername());
            if (old.assignedUserId() != null) {
                baseDevices.remove(old.assignedUserId(), old.id());
            }
        }
        DeviceLogin login = loginsByDevice.remove(id);
        if (login != null) {
            loginsByUser.remove(login.userId(), login);
        }
    }

    void putLogin(DeviceLogin login) {
        DeviceLogin previousOnDevice = loginsByDevice.put(login.deviceId(), login);
        if (previousOnDevice != null) {
            loginsByUser.remove(previousOnDevice.userId(), previousOnDevice);
        }
        DeviceLogin previousOfUser = loginsByUser.put(login.userId(), login);
        if (previousOfUser != null && !previousOfUser.deviceId().equals(login.deviceId())) {
            loginsByDevice.remove(previousOfUser.deviceId(), previousOfUser);
        }
    }

    void removeLogin(DeviceId device) {
        DeviceLogin login = loginsByDevice.remove(device);
        if (login != null) {
            loginsByUser.remove(login.userId(), login);
        }
    }

    void clear() {
        users.clear();
        usersByExtension.clear();
        usersByOutbound.clear();
        usersByTelecommuterNumber.clear();
        devices.clear();
        devicesBySipUsername.clear();
        credentials.clear();
        loginsByDevice.clear();
        loginsByUser.clear();
        baseDevices.clear();
    }

    Collection<DeviceLogin> logins() {
        return loginsByDevice.values();
    }
}
