using Npgsql;
using NotifyOrleans.Infrastructure.Persistence;

namespace NotifyOrleans.UnitTests.Persistence;

public sealed class DatabaseOptionsTests
{
    private static NpgsqlConnectionStringBuilder Effective(string connectionString) =>
        new(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }.EffectiveConnectionString);

    [Fact]
    public void A_PostgreSQL_connection_prepares_repeated_statements_and_skips_the_reset_by_default()
    {
        var settings = Effective("Host=db;Database=notifyorleans;Username=app;Password=secret");

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(("db", "notifyorleans", "app", "secret"), (settings.Host, settings.Database, settings.Username, settings.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Auto Prepare Min Usages=5")]
    [InlineData("Host=db;maxautoprepare=0;noresetonclose=false;autoprepareminusages=5")]
    public void What_the_connection_string_sets_is_kept_however_it_is_spelled(string connectionString)
    {
        var settings = Effective(connectionString);

        Assert.Equal(0, settings.MaxAutoPrepare); // PgBouncer in transaction mode before 1.21
        Assert.Equal(5, settings.AutoPrepareMinUsages);
        Assert.False(settings.NoResetOnClose);
    }

    [Fact]
    public void A_SQLite_connection_string_is_left_as_given()
    {
        var options = new DatabaseOptions { ConnectionString = "Data Source=/var/lib/notifyorleans/hub.db" };

        Assert.Equal("Data Source=/var/lib/notifyorleans/hub.db", options.EffectiveConnectionString);
    }
}
