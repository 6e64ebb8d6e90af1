# One provider, two targets. On the local target the credentials are dummies and
# every endpoint is the emulator: `make` sets AWS_ENDPOINT_URL, the AWS SDKs' own
# setting, from the instance's endpoints.tfvars.json (see TF_ENDPOINT in the
# Makefile). An `endpoints` block here took the provider 3.9 s of validation at
# each start that configures it, one per plan and two per apply.
provider "aws" {
  region = var.aws_region

  access_key                  = local.is_local ? "test" : null
  secret_key                  = local.is_local ? "test" : null
  skip_credentials_validation = local.is_local
  skip_requesting_account_id  = local.is_local
  skip_metadata_api_check     = local.is_local
  skip_region_validation      = local.is_local

  default_tags {
    tags = {
      Project     = var.project_name
      Environment = var.environment
      ManagedBy   = "terraform"
      Lab         = "streamlab"
    }
  }
}
