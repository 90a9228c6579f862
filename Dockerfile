# NotifyOrleans: one image for every node. Build: docker build -t notifyorleans .
# Run on SQLite:   docker run -p 5000:8080 -v notifyorleans-data:/app/data -e NotifyOrleans__Links__PublicUrl=http://localhost:5000 notifyorleans
# Run on Postgres: see docker-compose.yml.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm installs the console's front-end packages during the build (wwwroot-assets/).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props NotifyOrleans.sln dotnet-tools.json ./
COPY src/NotifyOrleans.Domain/NotifyOrleans.Domain.csproj src/NotifyOrleans.Domain/
COPY src/NotifyOrleans.Infrastructure/NotifyOrleans.Infrastructure.csproj src/NotifyOrleans.Infrastructure/
COPY src/NotifyOrleans.Web/NotifyOrleans.Web.csproj src/NotifyOrleans.Web/FrontEndAssets.targets src/NotifyOrleans.Web/
COPY wwwroot-assets/package.json wwwroot-assets/package-lock.json wwwroot-assets/
# --use-current-runtime: ReadyToRun (in the project) compiles for the platform the image is built for.
RUN dotnet restore src/NotifyOrleans.Web/NotifyOrleans.Web.csproj --use-current-runtime
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
RUN dotnet publish src/NotifyOrleans.Web/NotifyOrleans.Web.csproj -c Release --use-current-runtime --self-contained false -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# config-backups exists in the image so a named volume mounted there starts owned by app.
RUN mkdir -p /app/data/config-backups && chown -R app:app /app/data
ENV ASPNETCORE_URLS=http://+:8080 \
    NotifyOrleans__Database__SqliteDirectory=/app/data
VOLUME /app/data
# 8080: HTTP; 11111: the Orleans silo port other nodes connect to (a cluster on PostgreSQL)
EXPOSE 8080 11111
USER app
# Healthy once the node answers and its database does (/healthz); the image has no curl, so the app
# asks itself (`health`, at ASPNETCORE_URLS). `docker ps` shows it, and `docker compose up --wait` waits for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["dotnet", "NotifyOrleans.Web.dll", "health"]
ENTRYPOINT ["dotnet", "NotifyOrleans.Web.dll"]
