package io.docspaceguard.incident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.function.Function;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Enums stored by their wire names ({@code "open"}, {@code "false-positive"}), not by Jdbi's Java enum names. */
final class WireNameColumns {
    private WireNameColumns() {
    }

    /** Reads a column by the enum's wire name; null stays null. */
    abstract static class Mapper<E> implements ColumnMapper<E> {
        private final Function<String, E> fromWire;

        Mapper(Function<String, E> fromWire) {
            this.fromWire = fromWire;
        }

        @Override
        public E map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
            String name = rs.getString(column);
            return name == null ? null : fromWire.apply(name);
        }
    }

    /** Binds the enum's wire name. */
    abstract static class Binder<E> extends AbstractArgumentFactory<E> {
        private final Function<E, String> wireName;

        Binder(Function<E, String> wireName) {
            super(Types.VARCHAR);
            this.wireName = wireName;
        }

        @Override
        protected Argument build(E value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, wireName.apply(value));
        }
    }
}
