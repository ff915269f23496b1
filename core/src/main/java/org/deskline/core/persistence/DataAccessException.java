package org.deskline.core.persistence;

import java.sql.SQLException;

/** A database failure the caller cannot act on; mapped to 500 / 503 at the edges. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
        super(cause == null ? "database failure" : cause.getMessage(), cause);
    }

    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
