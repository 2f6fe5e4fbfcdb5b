# The web app and the task worker: one image, two commands (see docker-compose.yml).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 NEWSQUOTES_ENV=production
WORKDIR /app
COPY pyproject.toml README.md ./
COPY newsquotes ./newsquotes
COPY annotations ./annotations
RUN pip install --no-cache-dir .
COPY . .
RUN useradd --create-home newsquotes && chown -R newsquotes /app
USER newsquotes
EXPOSE 8000
CMD ["sh", "-c", "python manage.py collectstatic --noinput && python manage.py migrate --noinput && gunicorn newsquotes.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
